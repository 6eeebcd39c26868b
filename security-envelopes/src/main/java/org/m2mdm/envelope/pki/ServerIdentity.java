package org.m2mdm.envelope.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import org.m2mdm.envelope.trust.SignerRole;

/**
 * A server's key pair and certificate chain (server certificate first) with the roles its certificate
 * carries. Usable to seal envelopes and as a DTLS server certificate. {@link #toString()} never shows the
 * private key.
 */
public record ServerIdentity(String name, KeyPair keyPair, List<X509Certificate> certificateChain,
        Set<SignerRole> roles) {

    public ServerIdentity {
        certificateChain = List.copyOf(certificateChain);
        roles = Set.copyOf(roles);
        if (certificateChain.isEmpty()) {
            throw new IllegalArgumentException("a server identity needs its certificate");
        }
    }

    /** The server certificate. */
    public X509Certificate certificate() {
        return certificateChain.get(0);
    }

    /** Key id of the server public key: the signer id replay counters are kept under. */
    public String keyId() {
        return Fingerprints.keyId(keyPair.getPublic());
    }

    /** Saves the chain as PEM and the private key encrypted under {@code passphrase} (mode 0600). */
    public void save(Path certificateChainPem, Path privateKeyPem, char[] passphrase) throws IOException {
        IdentityFiles.save(certificateChain, keyPair, certificateChainPem, privateKeyPem, passphrase);
    }

    /** Loads what {@link #save} wrote; name and roles come from the certificate (CN, extended key usage). */
    public static ServerIdentity load(Path certificateChainPem, Path privateKeyPem, char[] passphrase)
            throws IOException {
        IdentityFiles files = IdentityFiles.load(certificateChainPem, privateKeyPem, passphrase);
        try {
            return new ServerIdentity(DeviceIdentity.endpointOf(files.leaf()), files.keyPair(),
                    files.certificateChain(), SignerRole.fromOids(files.leaf().getExtendedKeyUsage()));
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("server certificate extended key usage does not parse", e);
        }
    }

    @Override
    public String toString() {
        return "ServerIdentity[name=" + name + ", roles=" + roles + ", keyId=" + keyId() + ", chain="
                + certificateChain.size() + " certificates]";
    }
}
