package org.m2mdm.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.envelope.pki.ServerIdentity;
import org.m2mdm.envelope.trust.SignerRole;

/**
 * The operator side's key material, kept as PEM under {@code <data>/pki} (private keys as encrypted PKCS#8):
 * the manufacturer CA that device certificates chain to, the provisioning root that server certificates chain
 * to (the trust anchor the AAS hands to terminals), and one server identity per role.
 *
 * @param manufacturerCa   issues device certificates; the AAS accepts devices chaining to it
 * @param provisioningRoot the anchor of every server certificate, given to terminals in their trust policy
 * @param usimServer       signs usim-profile envelopes (role USIM_MANAGEMENT)
 * @param applicationServer signs app-params envelopes (role APPLICATION_MANAGEMENT)
 * @param activationServer the AAS's own identity (role ACTIVATION; signs trust policies, DTLS certificate)
 */
public record ServerPki(CertificateAuthority manufacturerCa, CertificateAuthority provisioningRoot,
                        ServerIdentity usimServer, ServerIdentity applicationServer,
                        ServerIdentity activationServer) {

    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVER_VALIDITY = Duration.ofDays(825);

    /** Names of the server identities (file stems under pki/servers). */
    static final String USIM = "usim-management";
    static final String APPLICATION = "application-management";
    static final String ACTIVATION = "activation";

    private static final java.util.Map<String, String> NAMES = java.util.Map.of(
            USIM, "m2m-dm USIM management server",
            APPLICATION, "m2m-dm application management server",
            ACTIVATION, "m2m-dm activation service");

    /** Whether the PKI was already created under {@code dir} (its provisioning root exists). */
    static boolean exists(Path dir) {
        return Files.exists(dir.resolve("provisioning-root.pem"));
    }

    /** Creates a fresh PKI and writes it under {@code dir}. */
    static ServerPki create(Path dir, char[] passphrase) {
        CertificateAuthority manufacturer = CertificateAuthority.createRoot("m2m-dm demo manufacturer CA",
                CA_VALIDITY);
        CertificateAuthority root = CertificateAuthority.createRoot("m2m-dm provisioning root", CA_VALIDITY);
        ServerIdentity usim = root.issueServer(NAMES.get(USIM), EnumSet.of(SignerRole.USIM_MANAGEMENT));
        ServerIdentity apps = root.issueServer(NAMES.get(APPLICATION),
                EnumSet.of(SignerRole.APPLICATION_MANAGEMENT));
        ServerIdentity aas = root.issueServer(NAMES.get(ACTIVATION), EnumSet.of(SignerRole.ACTIVATION));
        try {
            Files.createDirectories(dir.resolve("servers"));
            manufacturer.save(dir.resolve("manufacturer-ca.pem"), dir.resolve("manufacturer-ca.key.pem"), passphrase);
            root.save(dir.resolve("provisioning-root.pem"), dir.resolve("provisioning-root.key.pem"), passphrase);
            for (ServerIdentity s : List.of(usim, apps, aas)) {
                String stem = stem(s.roles());
                Pem.writeCertificates(dir.resolve("servers").resolve(stem + ".pem"), s.certificateChain());
                Pem.writePrivateKey(dir.resolve("servers").resolve(stem + ".key.pem"), s.keyPair().getPrivate(),
                        passphrase);
            }
        } catch (IOException e) {
            throw new StartupException("cannot write the PKI under " + dir + ": " + e.getMessage(), e);
        }
        return new ServerPki(manufacturer, root, usim, apps, aas);
    }

    /** Loads the PKI written by {@link #create}; a missing, corrupt or undecryptable file is a StartupException. */
    static ServerPki load(Path dir, char[] passphrase) {
        CertificateAuthority manufacturer = loadCa(dir, "manufacturer-ca", passphrase);
        CertificateAuthority root = loadCa(dir, "provisioning-root", passphrase);
        return new ServerPki(manufacturer, root,
                loadServer(dir, USIM, EnumSet.of(SignerRole.USIM_MANAGEMENT), passphrase),
                loadServer(dir, APPLICATION, EnumSet.of(SignerRole.APPLICATION_MANAGEMENT), passphrase),
                loadServer(dir, ACTIVATION, EnumSet.of(SignerRole.ACTIVATION), passphrase));
    }

    private static String stem(Set<SignerRole> roles) {
        if (roles.contains(SignerRole.USIM_MANAGEMENT)) {
            return USIM;
        }
        return roles.contains(SignerRole.APPLICATION_MANAGEMENT) ? APPLICATION : ACTIVATION;
    }

    private static CertificateAuthority loadCa(Path dir, String stem, char[] passphrase) {
        Path cert = dir.resolve(stem + ".pem");
        Path key = dir.resolve(stem + ".key.pem");
        try {
            return CertificateAuthority.load(cert, key, passphrase);
        } catch (IOException | RuntimeException e) {
            throw corrupt(cert, key, e);
        }
    }

    private static ServerIdentity loadServer(Path dir, String stem, Set<SignerRole> roles, char[] passphrase) {
        Path cert = dir.resolve("servers").resolve(stem + ".pem");
        Path key = dir.resolve("servers").resolve(stem + ".key.pem");
        try {
            List<X509Certificate> chain = Pem.readCertificates(cert);
            PrivateKey privateKey = Pem.readPrivateKey(key, passphrase);
            return new ServerIdentity(NAMES.get(stem),
                    new KeyPair(chain.get(0).getPublicKey(), privateKey), chain, roles);
        } catch (IOException | RuntimeException e) {
            throw corrupt(cert, key, e);
        }
    }

    private static StartupException corrupt(Path cert, Path key, Exception e) {
        // the cause's message is not shown: it could come from a decryption step
        return new StartupException("the data directory is damaged: cannot read " + cert + " / " + key
                + " (missing, corrupt, or encrypted with another passphrase)", e);
    }

    @Override
    public String toString() {
        return "ServerPki[keys redacted]";
    }
}
