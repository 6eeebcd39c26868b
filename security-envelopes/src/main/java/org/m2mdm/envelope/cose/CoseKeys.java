package org.m2mdm.envelope.cose;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

import com.upokecenter.cbor.CBORObject;

/**
 * Keys for the Bouncy Castle lightweight API (no provider at all), converted once from JCA keys, and
 * COSE_Key encoding of ephemeral public keys. P-256 uses Bouncy Castle's optimised custom curve.
 */
public final class CoseKeys {

    /** P-256 with Bouncy Castle's fast field arithmetic. */
    public static final ECNamedDomainParameters P256;

    static {
        X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
        P256 = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, x9);
    }

    private CoseKeys() {
    }

    /** A P-256, Ed25519 or X25519 private key as lightweight parameters. */
    public static AsymmetricKeyParameter privateKey(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            requireP256(ec.getParams().getOrder());
            return new ECPrivateKeyParameters(ec.getS(), P256);
        }
        try {
            AsymmetricKeyParameter parameters = PrivateKeyFactory.createKey(key.getEncoded());
            if (parameters instanceof Ed25519PrivateKeyParameters || parameters instanceof X25519PrivateKeyParameters) {
                return parameters;
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unsupported private key");
        }
        throw new IllegalArgumentException("unsupported private key: P-256, Ed25519 or X25519 expected");
    }

    /** A P-256, Ed25519 or X25519 public key as lightweight parameters (P-256 point validated). */
    public static AsymmetricKeyParameter publicKey(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            requireP256(ec.getParams().getOrder());
            return ecPublicKey(ec.getW().getAffineX(), ec.getW().getAffineY());
        }
        try {
            AsymmetricKeyParameter parameters = PublicKeyFactory.createKey(key.getEncoded());
            if (parameters instanceof Ed25519PublicKeyParameters || parameters instanceof X25519PublicKeyParameters) {
                return parameters;
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unsupported public key");
        }
        throw new IllegalArgumentException("unsupported public key: P-256, Ed25519 or X25519 expected");
    }

    /** The public half of a lightweight private key. */
    public static AsymmetricKeyParameter publicOf(AsymmetricKeyParameter privateKey) {
        if (privateKey instanceof ECPrivateKeyParameters ec) {
            ECPoint q = P256.getG().multiply(ec.getD()).normalize();
            return new ECPublicKeyParameters(q, P256);
        }
        if (privateKey instanceof X25519PrivateKeyParameters x) {
            return x.generatePublicKey();
        }
        if (privateKey instanceof Ed25519PrivateKeyParameters ed) {
            return ed.generatePublicKey();
        }
        throw new IllegalArgumentException("unsupported private key");
    }

    /** DER SubjectPublicKeyInfo of a lightweight public key, encoded the way the JDK encodes it (named curve). */
    public static byte[] subjectPublicKeyInfo(AsymmetricKeyParameter publicKey) {
        try {
            if (publicKey instanceof ECPublicKeyParameters ec) {
                return new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1),
                        ec.getQ().getEncoded(false)).getEncoded("DER");
            }
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode public key", e);
        }
    }

    /** A P-256 public key from affine coordinates; IllegalArgumentException if the point is not on the curve. */
    public static ECPublicKeyParameters ecPublicKey(BigInteger x, BigInteger y) {
        ECPoint point = P256.getCurve().validatePoint(x, y);
        return new ECPublicKeyParameters(point, P256);
    }

    /** Ephemeral public key as a COSE_Key: EC2 {1:2, -1:1, -2:x, -3:y} or OKP {1:1, -1:4, -2:x}. */
    public static CBORObject encodeEphemeral(AsymmetricKeyParameter publicKey) {
        CBORObject key = CBORObject.NewOrderedMap();
        if (publicKey instanceof ECPublicKeyParameters ec) {
            ECPoint q = ec.getQ().normalize();
            key.Add(Cose.KEY_KTY, Cose.KTY_EC2).Add(Cose.KEY_CRV, Cose.CRV_P256)
                    .Add(Cose.KEY_X, BigIntegers.asUnsignedByteArray(32, q.getAffineXCoord().toBigInteger()))
                    .Add(Cose.KEY_Y, BigIntegers.asUnsignedByteArray(32, q.getAffineYCoord().toBigInteger()));
            return key;
        }
        if (publicKey instanceof X25519PublicKeyParameters x) {
            key.Add(Cose.KEY_KTY, Cose.KTY_OKP).Add(Cose.KEY_CRV, Cose.CRV_X25519).Add(Cose.KEY_X, x.getEncoded());
            return key;
        }
        throw new IllegalArgumentException("ephemeral keys are P-256 or X25519");
    }

    /**
     * Parses an ephemeral COSE_Key strictly: exactly the labels of its key type, P-256 with an uncompressed
     * point on the curve, or X25519 with a 32-byte value. Other labels (kid, alg, private parts) are refused.
     */
    public static AsymmetricKeyParameter decodeEphemeral(CBORObject key) throws CoseException {
        CoseStructures.map(key, "ephemeral key");
        int kty = CoseStructures.integer(key.get(CBORObject.FromObject(Cose.KEY_KTY)), "kty");
        int crv = CoseStructures.integer(key.get(CBORObject.FromObject(Cose.KEY_CRV)), "crv");
        if (kty == Cose.KTY_EC2 && crv == Cose.CRV_P256) {
            if (key.size() != 4) {
                throw new CoseException("EC2 ephemeral key must have exactly kty, crv, x and y");
            }
            byte[] x = CoseStructures.bytes(key.get(CBORObject.FromObject(Cose.KEY_X)), 32, "x");
            byte[] y = CoseStructures.bytes(key.get(CBORObject.FromObject(Cose.KEY_Y)), 32, "y");
            try {
                return ecPublicKey(new BigInteger(1, x), new BigInteger(1, y));
            } catch (IllegalArgumentException e) {
                throw new CoseException("ephemeral point is not on P-256");
            }
        }
        if (kty == Cose.KTY_OKP && crv == Cose.CRV_X25519) {
            if (key.size() != 3) {
                throw new CoseException("OKP ephemeral key must have exactly kty, crv and x");
            }
            return new X25519PublicKeyParameters(CoseStructures.bytes(key.get(CBORObject.FromObject(Cose.KEY_X)), 32, "x"));
        }
        throw new CoseException("ephemeral key must be P-256 or X25519");
    }

    private static void requireP256(BigInteger order) {
        if (!P256.getN().equals(order)) {
            throw new IllegalArgumentException("only P-256 EC keys are supported");
        }
    }
}
