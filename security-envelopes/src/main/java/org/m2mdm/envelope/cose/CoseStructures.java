package org.m2mdm.envelope.cose;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

/** The to-be-signed and to-be-MACed/encrypted structures of RFC 9052 and typed accessors for decoded items. */
public final class CoseStructures {

    private CoseStructures() {
    }

    /** Sig_structure for COSE_Sign1: ["Signature1", body_protected, external_aad, payload]. */
    public static byte[] sigStructure1(byte[] bodyProtected, byte[] externalAad, byte[] payload) {
        return CBORObject.NewArray()
                .Add("Signature1")
                .Add(CBORObject.FromObject(bodyProtected))
                .Add(CBORObject.FromObject(externalAad))
                .Add(CBORObject.FromObject(payload))
                .EncodeToBytes();
    }

    /** Enc_structure: [context ("Encrypt" or "Encrypt0"), protected, external_aad]. */
    public static byte[] encStructure(String context, byte[] protectedBytes, byte[] externalAad) {
        return CBORObject.NewArray()
                .Add(context)
                .Add(CBORObject.FromObject(protectedBytes))
                .Add(CBORObject.FromObject(externalAad))
                .EncodeToBytes();
    }

    /**
     * COSE_KDF_Context (RFC 9053 §5.2) with empty party information:
     * [AlgorithmID, [nil,nil,nil], [nil,nil,nil], [keyDataLength, protected]].
     */
    public static byte[] kdfContext(int algorithmId, int keyDataLengthBits, byte[] recipientProtected) {
        CBORObject nobody = CBORObject.NewArray().Add(CBORObject.Null).Add(CBORObject.Null).Add(CBORObject.Null);
        CBORObject nobodyV = CBORObject.NewArray().Add(CBORObject.Null).Add(CBORObject.Null).Add(CBORObject.Null);
        return CBORObject.NewArray()
                .Add(algorithmId)
                .Add(nobody)
                .Add(nobodyV)
                .Add(CBORObject.NewArray().Add(keyDataLengthBits).Add(CBORObject.FromObject(recipientProtected)))
                .EncodeToBytes();
    }

    /** A CBOR map encoded with its entries in insertion order (deterministic for our own headers). */
    public static CBORObject orderedMap() {
        return CBORObject.NewOrderedMap();
    }

    /** The array {@code object}, which must have exactly {@code size} elements. */
    public static CBORObject array(CBORObject object, int size, String what) throws CoseException {
        if (object == null || object.getType() != CBORType.Array || object.isTagged() || object.size() != size) {
            throw new CoseException(what + " must be an array of " + size);
        }
        return object;
    }

    /** The untagged map {@code object}. */
    public static CBORObject map(CBORObject object, String what) throws CoseException {
        if (object == null || object.getType() != CBORType.Map || object.isTagged()) {
            throw new CoseException(what + " must be a map");
        }
        return object;
    }

    /** The bytes of the untagged byte string {@code object}. */
    public static byte[] bytes(CBORObject object, String what) throws CoseException {
        if (object == null || object.getType() != CBORType.ByteString || object.isTagged()) {
            throw new CoseException(what + " must be a byte string");
        }
        return object.GetByteString();
    }

    /** The bytes of the untagged byte string {@code object}, which must be exactly {@code length} long. */
    public static byte[] bytes(CBORObject object, int length, String what) throws CoseException {
        byte[] value = bytes(object, what);
        if (value.length != length) {
            throw new CoseException(what + " must be " + length + " bytes");
        }
        return value;
    }

    /** The untagged text string {@code object}. */
    public static String text(CBORObject object, String what) throws CoseException {
        if (object == null || object.getType() != CBORType.TextString || object.isTagged()) {
            throw new CoseException(what + " must be a text string");
        }
        return object.AsString();
    }

    /** The integer {@code object}, which must fit a Java int. */
    public static int integer(CBORObject object, String what) throws CoseException {
        if (object == null || object.getType() != CBORType.Integer || object.isTagged()
                || !object.AsNumber().CanFitInInt32()) {
            throw new CoseException(what + " must be a small integer");
        }
        return object.AsInt32Value();
    }

    /** The unsigned integer {@code object}, which must fit a non-negative Java long. */
    public static long unsigned(CBORObject object, String what) throws CoseException {
        if (object == null || object.getType() != CBORType.Integer || object.isTagged()
                || !object.CanValueFitInInt64() || object.AsInt64Value() < 0) {
            throw new CoseException(what + " must be an unsigned integer below 2^63");
        }
        return object.AsInt64Value();
    }

    /** Decodes a protected header bstr: empty means an empty map (RFC 9052 §3). */
    public static CBORObject protectedHeader(byte[] encoded) throws CoseException {
        if (encoded.length == 0) {
            return CBORObject.NewMap();
        }
        return map(StrictCbor.decode(encoded), "protected header");
    }
}
