package org.m2mdm.envelope.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * PEM encoding of certificates and passphrase-encrypted private keys (PKCS#8 with AES-256-CBC, key from
 * PBKDF2-HMAC-SHA256 with {@value #PBKDF2_ITERATIONS} iterations). Files holding keys are written mode 0600.
 * Errors never echo key material or the passphrase.
 */
public final class Pem {

    /** PBKDF2 iteration count for newly encrypted keys. */
    public static final int PBKDF2_ITERATIONS = 100_000;

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private Pem() {
    }

    /** Certificates as concatenated PEM blocks, in order. */
    public static String encodeCertificates(List<X509Certificate> certificates) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode certificates", e);
        }
        return out.toString();
    }

    /** Every certificate in a PEM text, in order; anything else in it is an error. */
    public static List<X509Certificate> decodeCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Object object;
            while ((object = parser.readObject()) != null) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw new IllegalArgumentException("PEM text contains something other than certificates");
                }
                certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(holder.getEncoded())));
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("not a valid PEM certificate list", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("PEM text contains no certificate");
        }
        return certificates;
    }

    /** The key as an encrypted PKCS#8 PEM block ("ENCRYPTED PRIVATE KEY"). */
    public static String encodePrivateKey(PrivateKey key, char[] passphrase) {
        requirePassphrase(passphrase);
        try {
            OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setProvider(BC)
                    .setRandom(new SecureRandom())
                    .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(PBKDF2_ITERATIONS)
                    .setPassword(passphrase)
                    .build();
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(new JcaPKCS8Generator(key, encryptor));
            }
            return out.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot encrypt private key", e);
        }
    }

    /** Decrypts an "ENCRYPTED PRIVATE KEY" PEM block; a wrong passphrase is an IllegalArgumentException. */
    public static PrivateKey decodePrivateKey(String pem, char[] passphrase) {
        requirePassphrase(passphrase);
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (!(object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) || parser.readObject() != null) {
                throw new IllegalArgumentException("expected exactly one encrypted PKCS#8 private key");
            }
            InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC)
                    .build(passphrase);
            PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(decryptor);
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (PKCSException e) {
            throw new IllegalArgumentException("wrong passphrase or corrupt private key");
        } catch (PEMException e) {
            throw new IllegalArgumentException("unsupported private key");
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalArgumentException("not a valid PEM private key");
        }
    }

    /** Reads a PEM certificate list file. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return decodeCertificates(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** Writes certificates as PEM (atomically, replacing the file). */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        write(file, encodeCertificates(certificates), PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Reads and decrypts a PEM private key file. */
    public static PrivateKey readPrivateKey(Path file, char[] passphrase) throws IOException {
        return decodePrivateKey(Files.readString(file, StandardCharsets.US_ASCII), passphrase);
    }

    /** Writes the key encrypted under {@code passphrase}, mode 0600 from the moment the file exists. */
    public static void writePrivateKey(Path file, PrivateKey key, char[] passphrase) throws IOException {
        write(file, encodePrivateKey(key, passphrase), OWNER_ONLY);
    }

    private static void write(Path file, String content, Set<PosixFilePermission> permissions) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp;
        try {
            temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
        }
        try {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(temp, permissions);
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system; permissions are the platform default.
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void requirePassphrase(char[] passphrase) {
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("a non-empty passphrase is required for private keys");
        }
    }
}
