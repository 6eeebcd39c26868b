package org.m2mdm.envelope.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/** Stable identifiers of keys, safe to log and store. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** SHA-256 of the key's SubjectPublicKeyInfo, lower-case hex: the device key id and the signer id. */
    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(keyIdBytes(key));
    }

    /** SHA-256 of the key's SubjectPublicKeyInfo (32 bytes). */
    public static byte[] keyIdBytes(PublicKey key) {
        return sha256(key.getEncoded());
    }

    /** SHA-256 of arbitrary bytes. */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
