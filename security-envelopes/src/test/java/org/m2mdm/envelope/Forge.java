package org.m2mdm.envelope;

import java.util.Set;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.m2mdm.envelope.cose.Cose;
import org.m2mdm.envelope.cose.CoseCrypto;
import org.m2mdm.envelope.cose.CoseKeys;
import org.m2mdm.envelope.cose.CoseStructures;
import org.m2mdm.envelope.cose.StrictCbor;
import org.m2mdm.envelope.pki.ServerIdentity;

import com.upokecenter.cbor.CBORObject;

/** Takes envelopes apart and builds variants, re-signed with a real server key where a test needs that. */
final class Forge {

    private Forge() {
    }

    static CBORObject sign1(byte[] envelope) {
        try {
            return StrictCbor.decode(envelope, Set.of(Cose.TAG_SIGN1)).UntagOne();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] protectedBytes(byte[] envelope) {
        return sign1(envelope).get(0).GetByteString();
    }

    static CBORObject protectedMap(byte[] envelope) {
        return CBORObject.DecodeFromBytes(protectedBytes(envelope));
    }

    static byte[] payload(byte[] envelope) {
        return sign1(envelope).get(2).GetByteString();
    }

    static byte[] signature(byte[] envelope) {
        return sign1(envelope).get(3).GetByteString();
    }

    static CBORObject inner(byte[] envelope) {
        return CBORObject.DecodeFromBytes(payload(envelope)).UntagOne();
    }

    static byte[] encodeInner(CBORObject inner) {
        return CBORObject.FromObjectAndTag(inner, Cose.TAG_ENCRYPT).EncodeToBytes();
    }

    /** A COSE_Sign1 with the given parts and a given (possibly wrong) signature. */
    static byte[] assemble(byte[] protectedBytes, CBORObject unprotected, byte[] payload, byte[] signature) {
        CBORObject message = CBORObject.NewArray().Add(CBORObject.FromObject(protectedBytes)).Add(unprotected)
                .Add(CBORObject.FromObject(payload)).Add(CBORObject.FromObject(signature));
        return CBORObject.FromObjectAndTag(message, Cose.TAG_SIGN1).EncodeToBytes();
    }

    /** A COSE_Sign1 over the given parts with a valid signature by {@code signer}. */
    static byte[] signed(ServerIdentity signer, byte[] protectedBytes, CBORObject unprotected, byte[] payload) {
        try {
            AsymmetricKeyParameter key = CoseKeys.privateKey(signer.keyPair().getPrivate());
            int alg = key instanceof ECPrivateKeyParameters ? Cose.ALG_ES256 : Cose.ALG_EDDSA;
            byte[] signature = CoseCrypto.sign(alg, key, CoseStructures.sigStructure1(protectedBytes, new byte[0], payload));
            return assemble(protectedBytes, unprotected, payload, signature);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] signed(ServerIdentity signer, CBORObject protectedMap, byte[] payload) {
        return signed(signer, protectedMap.EncodeToBytes(), CBORObject.NewMap(), payload);
    }
}
