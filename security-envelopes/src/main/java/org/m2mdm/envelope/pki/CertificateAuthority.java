package org.m2mdm.envelope.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.m2mdm.envelope.trust.SignerRole;

/**
 * A certification authority for the project PKI: the provisioning root, a manufacturer CA, or an
 * operator's intermediate. It mints device identities (CN = endpoint, key usage digitalSignature +
 * keyAgreement) and server identities (roles as extended key usage purposes, also usable as DTLS server
 * certificates). Keys are made by the JDK so that they work with any JCA consumer (Californium, Leshan);
 * certificates are signed through an explicit Bouncy Castle provider instance, never a global one.
 *
 * <p>{@link #privateKey()} exposes the CA key for saving it; handle it with the same care as the CA itself.
 */
public final class CertificateAuthority {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(3650);
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;
    private final Clock clock;
    private final SecureRandom random;

    private CertificateAuthority(List<X509Certificate> chain, PrivateKey privateKey, Clock clock) {
        this.chain = List.copyOf(chain);
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = new SecureRandom();
        if (this.chain.isEmpty() || this.chain.get(0).getBasicConstraints() < 0) {
            throw new IllegalArgumentException("the first certificate must be a CA certificate");
        }
    }

    /** A new self-signed root with a fresh P-256 key. */
    public static CertificateAuthority createRoot(String commonName, Duration validity) {
        return createRoot(commonName, validity, Clock.systemUTC());
    }

    /** A new self-signed root whose validity starts at {@code clock}'s now. */
    public static CertificateAuthority createRoot(String commonName, Duration validity, Clock clock) {
        KeyPair keyPair = generate(KeySuite.P256, false);
        X500Name name = name(commonName);
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(new SecureRandom()),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), name, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keyPair.getPublic()));
            X509Certificate certificate = sign(builder, keyPair.getPrivate());
            return new CertificateAuthority(List.of(certificate), keyPair.getPrivate(), clock);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create root certificate", e);
        }
    }

    /** A CA from its certificate chain (its own certificate first) and private key. */
    public static CertificateAuthority load(List<X509Certificate> chain, PrivateKey privateKey) {
        return new CertificateAuthority(chain, privateKey, Clock.systemUTC());
    }

    /** A CA from a PEM certificate chain file and an encrypted PEM private key file. */
    public static CertificateAuthority load(Path chainPem, Path privateKeyPem, char[] passphrase) throws IOException {
        return load(Pem.readCertificates(chainPem), Pem.readPrivateKey(privateKeyPem, passphrase));
    }

    /** Saves the chain (mode 0644) and the key encrypted under {@code passphrase} (mode 0600). */
    public void save(Path chainPem, Path privateKeyPem, char[] passphrase) throws IOException {
        Pem.writeCertificates(chainPem, chain);
        Pem.writePrivateKey(privateKeyPem, privateKey, passphrase);
    }

    /** The same CA issuing certificates whose validity starts at {@code clock}'s now (for tests and backfills). */
    public CertificateAuthority withClock(Clock clock) {
        return new CertificateAuthority(chain, privateKey, clock);
    }

    /** A subordinate CA (path length 0: it may issue only end-entity certificates). */
    public CertificateAuthority issueIntermediate(String commonName, Duration validity) {
        return issueIntermediate(commonName, validity, null);
    }

    /**
     * A subordinate CA whose certificate lists {@code permittedRoles} in its extended key usage, so a
     * {@link org.m2mdm.envelope.trust.TrustPolicy} grants servers below it no other role (e.g. an operator CA
     * that may only create USIM management servers). {@code null} means unrestricted.
     */
    public CertificateAuthority issueIntermediate(String commonName, Duration validity, Set<SignerRole> permittedRoles) {
        KeyPair keyPair = generate(KeySuite.P256, false);
        try {
            X509v3CertificateBuilder builder = leafBuilder(commonName, keyPair.getPublic(), validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            if (permittedRoles != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes(permittedRoles)));
            }
            List<X509Certificate> newChain = new ArrayList<>();
            newChain.add(sign(builder, privateKey));
            newChain.addAll(chain);
            return new CertificateAuthority(newChain, keyPair.getPrivate(), clock);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue intermediate certificate", e);
        }
    }

    /** A new P-256 device key pair and certificate with CN = {@code endpoint}. */
    public DeviceIdentity issueDevice(String endpoint) {
        return issueDevice(endpoint, KeySuite.P256, DEFAULT_LEAF_VALIDITY);
    }

    /** A device identity for {@code suite}; for {@link KeySuite#ED25519} the key is an X25519 key-agreement key. */
    public DeviceIdentity issueDevice(String endpoint, KeySuite suite) {
        return issueDevice(endpoint, suite, DEFAULT_LEAF_VALIDITY);
    }

    /** A device identity valid for {@code validity} (capped at this CA's own expiry). */
    public DeviceIdentity issueDevice(String endpoint, KeySuite suite, Duration validity) {
        KeyPair keyPair = generate(suite, true);
        int usage = suite == KeySuite.P256 ? KeyUsage.digitalSignature | KeyUsage.keyAgreement : KeyUsage.keyAgreement;
        try {
            X509v3CertificateBuilder builder = leafBuilder(endpoint, keyPair.getPublic(), validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            return new DeviceIdentity(endpoint, keyPair, issuedChain(sign(builder, privateKey)));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue device certificate", e);
        }
    }

    /** A new P-256 server identity carrying {@code roles}. */
    public ServerIdentity issueServer(String commonName, Set<SignerRole> roles) {
        return issueServer(commonName, roles, KeySuite.P256, List.of(), DEFAULT_LEAF_VALIDITY);
    }

    /**
     * A server identity; {@code subjectAltNames} entries that are IP literals (e.g. {@code 127.0.0.1})
     * become IP addresses, the others DNS names.
     */
    public ServerIdentity issueServer(String commonName, Set<SignerRole> roles, KeySuite suite,
            List<String> subjectAltNames) {
        return issueServer(commonName, roles, suite, subjectAltNames, DEFAULT_LEAF_VALIDITY);
    }

    /** A server identity valid for {@code validity} (capped at this CA's own expiry). */
    public ServerIdentity issueServer(String commonName, Set<SignerRole> roles, KeySuite suite,
            List<String> subjectAltNames, Duration validity) {
        KeyPair keyPair = generate(suite, false);
        try {
            X509v3CertificateBuilder builder = leafBuilder(commonName, keyPair.getPublic(), validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes(roles)));
            if (!subjectAltNames.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String san : subjectAltNames) {
                    if (IP_LITERAL.matcher(san).matches()) {
                        InetAddress.getByName(san); // validates the literal without a DNS lookup
                        names.add(new GeneralName(GeneralName.iPAddress, san));
                    } else {
                        names.add(new GeneralName(GeneralName.dNSName, san));
                    }
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new ServerIdentity(commonName, keyPair, issuedChain(sign(builder, privateKey)), roles);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue server certificate", e);
        }
    }

    /** This CA's certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** This CA's chain, its own certificate first, up to the root. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The CA private key (to save it); never log it. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate().getSubjectX500Principal().getName() + "]";
    }

    private X509v3CertificateBuilder leafBuilder(String commonName, PublicKey publicKey, Duration validity)
            throws GeneralSecurityException, CertIOException {
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        Instant caNotAfter = certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        return new JcaX509v3CertificateBuilder(certificate(), serial(random), Date.from(now.minus(BACKDATE)),
                Date.from(notAfter), name(commonName), publicKey)
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(certificate().getPublicKey()));
    }

    /** Leaf first, then this CA's chain without the self-signed root (which the relying party already has). */
    private List<X509Certificate> issuedChain(X509Certificate leaf) {
        List<X509Certificate> issued = new ArrayList<>();
        issued.add(leaf);
        for (X509Certificate certificate : chain) {
            if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                issued.add(certificate);
            }
        }
        return issued;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException {
        String algorithm = signingKey.getAlgorithm().startsWith("Ed") ? "Ed25519" : "SHA256withECDSA";
        try {
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).setProvider(BC).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign certificate", e);
        }
    }

    static KeyPair generate(KeySuite suite, boolean forKeyAgreement) {
        try {
            if (suite == KeySuite.P256) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            return KeyPairGenerator.getInstance(forKeyAgreement ? "X25519" : "Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key generation unavailable", e);
        }
    }

    /** TLS server and client authentication plus the role purposes. */
    private static KeyPurposeId[] purposes(Set<SignerRole> roles) {
        List<KeyPurposeId> purposes = new ArrayList<>();
        purposes.add(KeyPurposeId.id_kp_serverAuth);
        purposes.add(KeyPurposeId.id_kp_clientAuth);
        for (SignerRole role : roles) {
            purposes.add(KeyPurposeId.getInstance(new ASN1ObjectIdentifier(role.oid())));
        }
        return purposes.toArray(KeyPurposeId[]::new);
    }

    private static X500Name name(String commonName) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("common name must not be blank");
        }
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).setBit(126);
    }
}
