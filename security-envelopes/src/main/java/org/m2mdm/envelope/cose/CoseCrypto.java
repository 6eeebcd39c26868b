package org.m2mdm.envelope.cose;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * The primitives of the profile, each from the fastest implementation: elliptic-curve work through the
 * Bouncy Castle lightweight API (no provider installed anywhere), HKDF from Bouncy Castle, AES-GCM and AES key
 * wrap from the JDK (AES-NI).
 */
public final class CoseCrypto {

    private static final int GCM_TAG_BITS = 128;

    private CoseCrypto() {
    }

    /** Signs with ES256 (deterministic ECDSA, RFC 6979; r||s) or EdDSA. */
    public static byte[] sign(int alg, AsymmetricKeyParameter privateKey, byte[] toBeSigned) throws CoseException {
        if (alg == Cose.ALG_ES256 && privateKey instanceof ECPrivateKeyParameters ec) {
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, ec);
            BigInteger[] rs = signer.generateSignature(digest(new SHA256Digest(), toBeSigned));
            byte[] signature = new byte[64];
            System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[0]), 0, signature, 0, 32);
            System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[1]), 0, signature, 32, 32);
            return signature;
        }
        if (alg == Cose.ALG_EDDSA && privateKey instanceof Ed25519PrivateKeyParameters ed) {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, ed);
            signer.update(toBeSigned, 0, toBeSigned.length);
            return signer.generateSignature();
        }
        throw new CoseException("algorithm " + alg + " does not match the signing key");
    }

    /** Verifies ES256, ES512 (ECDSA with SHA-512, here on P-256) or EdDSA; false for any mismatch. */
    public static boolean verify(int alg, AsymmetricKeyParameter publicKey, byte[] toBeSigned, byte[] signature) {
        if ((alg == Cose.ALG_ES256 || alg == Cose.ALG_ES512) && publicKey instanceof ECPublicKeyParameters ec) {
            if (signature.length != 64) {
                return false;
            }
            Digest digest = alg == Cose.ALG_ES256 ? new SHA256Digest() : new SHA512Digest();
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, ec);
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
            return verifier.verifySignature(digest(digest, toBeSigned), r, s);
        }
        if (alg == Cose.ALG_EDDSA && publicKey instanceof Ed25519PublicKeyParameters ed) {
            if (signature.length != 64) {
                return false;
            }
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, ed);
            verifier.update(toBeSigned, 0, toBeSigned.length);
            return verifier.verifySignature(signature);
        }
        return false;
    }

    /** A fresh ephemeral key pair of the same kind as {@code recipient}: P-256 or X25519. */
    public static AsymmetricCipherKeyPair ephemeralFor(AsymmetricKeyParameter recipient, SecureRandom random) {
        if (recipient instanceof ECPublicKeyParameters) {
            ECKeyPairGenerator generator = new ECKeyPairGenerator();
            generator.init(new ECKeyGenerationParameters(CoseKeys.P256, random));
            return generator.generateKeyPair();
        }
        if (recipient instanceof X25519PublicKeyParameters) {
            X25519PrivateKeyParameters privateKey = new X25519PrivateKeyParameters(random);
            return new AsymmetricCipherKeyPair(privateKey.generatePublicKey(), privateKey);
        }
        throw new IllegalArgumentException("recipient keys are P-256 or X25519");
    }

    /**
     * The ECDH shared secret (P-256: x coordinate, 32 bytes; X25519: 32 bytes). Refuses mismatched key
     * types, and X25519 peers of small order (all-zero result).
     */
    public static byte[] agree(AsymmetricKeyParameter privateKey, AsymmetricKeyParameter peer) throws CoseException {
        if (privateKey instanceof ECPrivateKeyParameters ec && peer instanceof ECPublicKeyParameters pub) {
            ECDHBasicAgreement agreement = new ECDHBasicAgreement();
            agreement.init(ec);
            try {
                return BigIntegers.asUnsignedByteArray(32, agreement.calculateAgreement(pub));
            } catch (IllegalStateException e) {
                throw new CoseException("ECDH failed");
            }
        }
        if (privateKey instanceof X25519PrivateKeyParameters x && peer instanceof X25519PublicKeyParameters pub) {
            X25519Agreement agreement = new X25519Agreement();
            agreement.init(x);
            byte[] secret = new byte[agreement.getAgreementSize()];
            try {
                agreement.calculateAgreement(pub, secret, 0);
            } catch (IllegalStateException e) {
                throw new CoseException("X25519 peer key has small order");
            }
            return secret;
        }
        throw new CoseException("key agreement between different key types");
    }

    /** HKDF-SHA-256 without salt (RFC 9053 §5.1 as used by ECDH-ES + HKDF-256). */
    public static byte[] hkdfSha256(byte[] secret, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(secret, null, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    /** AES-GCM encryption with a 128-bit tag appended. */
    public static byte[] gcmEncrypt(byte[] key, byte[] iv, byte[] aad, byte[] plaintext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(GCM_TAG_BITS, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** AES-GCM decryption; CoseException if the tag does not verify. */
    public static byte[] gcmDecrypt(byte[] key, byte[] iv, byte[] aad, byte[] ciphertext) throws CoseException {
        if (ciphertext.length < GCM_TAG_BITS / 8 || iv.length != 12) {
            throw new CoseException("AES-GCM input too short or bad nonce");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(GCM_TAG_BITS, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(ciphertext);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new CoseException("authentication tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new CoseException("AES-GCM decryption failed");
        }
    }

    /** AES key unwrap (RFC 3394) through the JDK's "AESWrap". */
    public static byte[] aesUnwrap(byte[] kek, byte[] wrapped) throws CoseException {
        try {
            Cipher cipher = Cipher.getInstance("AESWrap");
            cipher.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
            return cipher.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new CoseException("AES key unwrap failed");
        }
    }

    private static byte[] digest(Digest digest, byte[] data) {
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}
