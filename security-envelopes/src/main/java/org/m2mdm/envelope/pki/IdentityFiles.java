package org.m2mdm.envelope.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The on-disk form shared by {@link DeviceIdentity} and {@link ServerIdentity}: the certificate chain as PEM
 * and the private key encrypted under a passphrase (mode 0600), so both identities save and load alike.
 */
record IdentityFiles(List<X509Certificate> certificateChain, KeyPair keyPair) {

    /** Writes the chain as PEM and the private key encrypted under {@code passphrase}. */
    static void save(List<X509Certificate> certificateChain, KeyPair keyPair, Path certificateChainPem,
            Path privateKeyPem, char[] passphrase) throws IOException {
        Pem.writeCertificates(certificateChainPem, certificateChain);
        Pem.writePrivateKey(privateKeyPem, keyPair.getPrivate(), passphrase);
    }

    /** Reads what {@link #save} wrote; the public key is the first certificate's. */
    static IdentityFiles load(Path certificateChainPem, Path privateKeyPem, char[] passphrase) throws IOException {
        List<X509Certificate> chain = Pem.readCertificates(certificateChainPem);
        KeyPair keyPair = new KeyPair(chain.get(0).getPublicKey(), Pem.readPrivateKey(privateKeyPem, passphrase));
        return new IdentityFiles(chain, keyPair);
    }

    /** The first certificate of the chain: the one naming the identity. */
    X509Certificate leaf() {
        return certificateChain.get(0);
    }

    @Override
    public String toString() {
        return "IdentityFiles[chain=" + certificateChain.size() + " certificates]";
    }
}
