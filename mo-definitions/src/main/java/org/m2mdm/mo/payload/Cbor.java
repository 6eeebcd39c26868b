package org.m2mdm.mo.payload;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

/** Strict reading of the small CBOR maps used by the payload formats. */
final class Cbor {
    /** Canonical (CTAP2) encoding: sorted keys, shortest forms, so equal payloads give equal bytes. */
    static final CBOREncodeOptions CANONICAL = CBOREncodeOptions.DefaultCtap2Canonical;
    private static final CBOREncodeOptions DECODE = new CBOREncodeOptions("allowduplicatekeys=false");

    private final String what;
    private final CBORObject map;

    private Cbor(String what, CBORObject map) {
        this.what = what;
        this.map = map;
    }

    static Cbor read(String what, byte[] bytes, int formatVersion, Set<String> allowedKeys) {
        if (bytes == null || bytes.length == 0) {
            throw new PayloadFormatException(what + " payload is empty");
        }
        CBORObject o;
        try {
            o = CBORObject.DecodeFromBytes(bytes, DECODE);
        } catch (CBORException | IllegalArgumentException e) {
            throw new PayloadFormatException(what + " payload is not well-formed CBOR");
        }
        if (o.getType() != CBORType.Map) {
            throw new PayloadFormatException(what + " payload must be a CBOR map, was " + o.getType());
        }
        Set<String> unknown = new HashSet<>();
        for (CBORObject key : o.getKeys()) {
            if (key.getType() != CBORType.TextString || !allowedKeys.contains(key.AsString())) {
                unknown.add(key.getType() == CBORType.TextString ? key.AsString() : key.getType().toString());
            }
        }
        if (!unknown.isEmpty()) {
            throw new PayloadFormatException(what + " payload has unknown field(s) " + unknown);
        }
        Cbor c = new Cbor(what, o);
        int v = c.integer("v");
        if (v != formatVersion) {
            throw new PayloadFormatException(what + " payload format version " + v + " is not supported (expected "
                    + formatVersion + ")");
        }
        return c;
    }

    private CBORObject required(String key, CBORType type) {
        CBORObject v = map.get(key);
        if (v == null) {
            throw new PayloadFormatException(what + " payload lacks field '" + key + "'");
        }
        if (v.getType() != type) {
            throw new PayloadFormatException(what + " field '" + key + "' must be " + type + ", was " + v.getType());
        }
        return v;
    }

    boolean has(String key) {
        return map.get(key) != null;
    }

    String text(String key) {
        return required(key, CBORType.TextString).AsString();
    }

    String optionalText(String key, String dflt) {
        return has(key) ? text(key) : dflt;
    }

    byte[] bytes(String key) {
        return required(key, CBORType.ByteString).GetByteString();
    }

    int integer(String key) {
        CBORObject v = required(key, CBORType.Integer);
        if (!v.CanValueFitInInt32()) {
            throw new PayloadFormatException(what + " field '" + key + "' is out of range");
        }
        return v.AsInt32Value();
    }

    boolean bool(String key) {
        return required(key, CBORType.Boolean).AsBoolean();
    }

    CBORObject array(String key) {
        return required(key, CBORType.Array);
    }

    CBORObject map(String key) {
        return required(key, CBORType.Map);
    }

    String what() {
        return what;
    }

    static void putTextMap(CBORObject target, String key, Map<String, String> values) {
        CBORObject m = CBORObject.NewMap();
        values.forEach((k, v) -> m.Add(CBORObject.FromObject(k), CBORObject.FromObject(v)));
        target.Add(key, m);
    }
}
