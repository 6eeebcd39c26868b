package org.m2mdm.envelope.trust;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.m2mdm.envelope.cose.CoseKeys;

/**
 * A cheap pre-check of certificate signatures with the Bouncy Castle lightweight API before the JDK's PKIX
 * validation (whose SunEC verification is several times slower). It only ever rejects: a chain whose links
 * pass still goes through the full {@link java.security.cert.CertPathValidator}. This keeps a flood of
 * junk chains from costing the terminal a slow verification each.
 */
final class CertificateLinks {

    private static final String SHA256_WITH_ECDSA = "1.2.840.10045.4.3.2";
    private static final String ED25519 = "1.3.101.112";

    private CertificateLinks() {
    }

    /** False if {@code certificate}'s signature certainly does not verify under {@code issuerKey}. */
    static boolean plausible(X509Certificate certificate, PublicKey issuerKey) {
        try {
            String algorithm = certificate.getSigAlgOID();
            if (!SHA256_WITH_ECDSA.equals(algorithm) && !ED25519.equals(algorithm)) {
                return true; // not ours to judge; PKIX decides
            }
            AsymmetricKeyParameter key = CoseKeys.publicKey(issuerKey);
            byte[] tbs = certificate.getTBSCertificate();
            byte[] signature = certificate.getSignature();
            if (SHA256_WITH_ECDSA.equals(algorithm) && key instanceof ECPublicKeyParameters ec) {
                BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(ec.getParameters().getN(), signature);
                SHA256Digest digest = new SHA256Digest();
                digest.update(tbs, 0, tbs.length);
                byte[] hash = new byte[32];
                digest.doFinal(hash, 0);
                ECDSASigner verifier = new ECDSASigner();
                verifier.init(false, ec);
                return verifier.verifySignature(hash, rs[0], rs[1]);
            }
            if (ED25519.equals(algorithm) && key instanceof Ed25519PublicKeyParameters ed) {
                Ed25519Signer verifier = new Ed25519Signer();
                verifier.init(false, ed);
                verifier.update(tbs, 0, tbs.length);
                return verifier.verifySignature(signature);
            }
            return false; // algorithm and issuer key type disagree
        } catch (CertificateEncodingException | java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
