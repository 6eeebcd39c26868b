package org.m2mdm.envelope.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A terminal's key pair and certificate chain (device certificate first). The certificate's CN is the
 * LwM2M endpoint name. {@link #toString()} never shows the private key.
 */
public record DeviceIdentity(String endpoint, KeyPair keyPair, List<X509Certificate> certificateChain) {

    public DeviceIdentity {
        certificateChain = List.copyOf(certificateChain);
        if (certificateChain.isEmpty()) {
            throw new IllegalArgumentException("a device identity needs its certificate");
        }
    }

    /** The device certificate. */
    public X509Certificate certificate() {
        return certificateChain.get(0);
    }

    /** Key id of the device public key (see {@link Fingerprints#keyId}). */
    public String keyId() {
        return Fingerprints.keyId(keyPair.getPublic());
    }

    /** Saves the chain as PEM and the private key encrypted under {@code passphrase} (mode 0600). */
    public void save(Path certificateChainPem, Path privateKeyPem, char[] passphrase) throws IOException {
        IdentityFiles.save(certificateChain, keyPair, certificateChainPem, privateKeyPem, passphrase);
    }

    /** Loads what {@link #save} wrote; the endpoint is the certificate's CN. */
    public static DeviceIdentity load(Path certificateChainPem, Path privateKeyPem, char[] passphrase)
            throws IOException {
        IdentityFiles files = IdentityFiles.load(certificateChainPem, privateKeyPem, passphrase);
        return new DeviceIdentity(endpointOf(files.leaf()), files.keyPair(), files.certificateChain());
    }

    /** The endpoint a device certificate names: its subject CN. */
    public static String endpointOf(X509Certificate certificate) {
        try {
            String cn = null;
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    if (cn != null) {
                        throw new IllegalArgumentException("certificate subject has more than one CN");
                    }
                    cn = rdn.getValue().toString();
                }
            }
            if (cn == null || cn.isEmpty()) {
                throw new IllegalArgumentException("certificate subject has no CN");
            }
            return cn;
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("certificate subject is not a valid name", e);
        }
    }

    @Override
    public String toString() {
        return "DeviceIdentity[endpoint=" + endpoint + ", keyId=" + keyId() + ", chain=" + certificateChain.size()
                + " certificates]";
    }
}
