package org.m2mdm.envelope.cose;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

/**
 * The envelope wire format: COSE_Sign1 (tag 18) whose payload is a COSE_Encrypt (tag 96) with one
 * ECDH-ES + HKDF-256 recipient. This class only builds and takes apart the structures; deciding whether
 * algorithms, signers and claims are acceptable is the opener's job, so parsing keeps the algorithm values
 * as found and fails only on shape.
 *
 * <p>Project claims use private-use labels below -65536 and are all listed in {@code crit}.
 */
public final class EnvelopeProfile {

    public static final int LABEL_DEVICE_ID = -65537;
    public static final int LABEL_DEVICE_KEY_ID = -65538;
    public static final int LABEL_PAYLOAD_TYPE = -65539;
    public static final int LABEL_SEQUENCE = -65540;
    public static final int LABEL_ISSUED_AT = -65541;
    public static final int LABEL_EXPIRES_AT = -65542;

    /** The claim labels, in the order they are written (and listed in crit). */
    public static final List<Integer> CLAIM_LABELS = List.of(LABEL_DEVICE_ID, LABEL_DEVICE_KEY_ID,
            LABEL_PAYLOAD_TYPE, LABEL_SEQUENCE, LABEL_ISSUED_AT, LABEL_EXPIRES_AT);

    private static final Set<Integer> OUTER_LABELS;
    private static final int MAX_DEVICE_ID = 256;
    private static final int MAX_CHAIN = 4;

    static {
        Set<Integer> labels = new HashSet<>(CLAIM_LABELS);
        labels.add(Cose.HEADER_ALG);
        labels.add(Cose.HEADER_CRIT);
        labels.add(Cose.HEADER_X5CHAIN);
        OUTER_LABELS = Set.copyOf(labels);
    }

    private EnvelopeProfile() {
    }

    /** The signed claims. {@code deviceKeyId} is the SHA-256 of the device's SubjectPublicKeyInfo. */
    public record Claims(String deviceId, byte[] deviceKeyId, String payloadType, long sequence, long issuedAt,
            long expiresAt) {
    }

    /**
     * A structurally valid envelope. {@code alg} is null when the protected header has none;
     * {@code unprotectedAlg} tells whether someone put an alg in the unprotected header.
     */
    public record Parsed(byte[] protectedBytes, Integer alg, boolean unprotectedAlg, List<byte[]> x5chain,
            Claims claims, byte[] payload, byte[] signature, Inner inner) {
    }

    /** The inner COSE_Encrypt, with its algorithm values as found. */
    public record Inner(byte[] protectedBytes, Integer contentAlg, byte[] iv, byte[] ciphertext,
            byte[] recipientProtected, Integer recipientAlg, CBORObject ephemeralKey) {
    }

    /** Encodes the outer protected header: alg, crit, x5chain, then the claims. */
    public static byte[] protectedHeader(int alg, List<byte[]> x5chain, Claims claims) {
        CBORObject crit = CBORObject.NewArray();
        CLAIM_LABELS.forEach(crit::Add);
        CBORObject chain;
        if (x5chain.size() == 1) {
            chain = CBORObject.FromObject(x5chain.get(0));
        } else {
            chain = CBORObject.NewArray();
            x5chain.forEach(certificate -> chain.Add(CBORObject.FromObject(certificate)));
        }
        return CBORObject.NewOrderedMap()
                .Add(Cose.HEADER_ALG, alg)
                .Add(Cose.HEADER_CRIT, crit)
                .Add(Cose.HEADER_X5CHAIN, chain)
                .Add(LABEL_DEVICE_ID, claims.deviceId())
                .Add(LABEL_DEVICE_KEY_ID, CBORObject.FromObject(claims.deviceKeyId()))
                .Add(LABEL_PAYLOAD_TYPE, claims.payloadType())
                .Add(LABEL_SEQUENCE, claims.sequence())
                .Add(LABEL_ISSUED_AT, claims.issuedAt())
                .Add(LABEL_EXPIRES_AT, claims.expiresAt())
                .EncodeToBytes();
    }

    /** Encodes the inner COSE_Encrypt (tagged) with one ECDH-ES + HKDF-256 recipient. */
    public static byte[] encrypt(byte[] protectedBytes, byte[] iv, byte[] ciphertext, byte[] recipientProtected,
            CBORObject ephemeralKey) {
        CBORObject recipient = CBORObject.NewArray()
                .Add(CBORObject.FromObject(recipientProtected))
                .Add(CBORObject.NewOrderedMap().Add(Cose.HEADER_EPHEMERAL_KEY, ephemeralKey))
                .Add(CBORObject.FromObject(new byte[0]));
        CBORObject message = CBORObject.NewArray()
                .Add(CBORObject.FromObject(protectedBytes))
                .Add(CBORObject.NewOrderedMap().Add(Cose.HEADER_IV, CBORObject.FromObject(iv)))
                .Add(CBORObject.FromObject(ciphertext))
                .Add(CBORObject.NewArray().Add(recipient));
        return CBORObject.FromObjectAndTag(message, Cose.TAG_ENCRYPT).EncodeToBytes();
    }

    /** Encodes the outer COSE_Sign1 (tagged) with an empty unprotected header. */
    public static byte[] sign1(byte[] protectedBytes, byte[] payload, byte[] signature) {
        CBORObject message = CBORObject.NewArray()
                .Add(CBORObject.FromObject(protectedBytes))
                .Add(CBORObject.NewMap())
                .Add(CBORObject.FromObject(payload))
                .Add(CBORObject.FromObject(signature));
        return CBORObject.FromObjectAndTag(message, Cose.TAG_SIGN1).EncodeToBytes();
    }

    /** Protected header {1: alg}. */
    public static byte[] algOnlyHeader(int alg) {
        return CBORObject.NewOrderedMap().Add(Cose.HEADER_ALG, alg).EncodeToBytes();
    }

    /** Takes an envelope apart, strictly; every deviation from the profile's shape is a CoseException. */
    public static Parsed parse(byte[] envelope) throws CoseException {
        CBORObject message = StrictCbor.decode(envelope, Set.of(Cose.TAG_SIGN1));
        if (!message.isTagged() || !message.getMostOuterTag().equals(com.upokecenter.numbers.EInteger.FromInt32(Cose.TAG_SIGN1))) {
            throw new CoseException("envelope must be a tagged COSE_Sign1");
        }
        CBORObject sign1 = message.UntagOne();
        CoseStructures.array(sign1, 4, "COSE_Sign1");
        byte[] protectedBytes = CoseStructures.bytes(sign1.get(0), "protected header");
        CBORObject unprotected = CoseStructures.map(sign1.get(1), "unprotected header");
        boolean unprotectedAlg = false;
        for (CBORObject key : unprotected.getKeys()) {
            if (key.getType() == CBORType.Integer && key.CanValueFitInInt64() && key.AsInt64Value() == Cose.HEADER_ALG) {
                unprotectedAlg = true;
            } else {
                throw new CoseException("unprotected header must be empty");
            }
        }
        byte[] payload = CoseStructures.bytes(sign1.get(2), "payload");
        byte[] signature = CoseStructures.bytes(sign1.get(3), "signature");

        CBORObject header = CoseStructures.protectedHeader(protectedBytes);
        Integer alg = null;
        for (CBORObject key : header.getKeys()) {
            int label = CoseStructures.integer(key, "header label");
            if (!OUTER_LABELS.contains(label)) {
                throw new CoseException("unknown protected header label " + label);
            }
        }
        if (header.ContainsKey(CBORObject.FromObject(Cose.HEADER_ALG))) {
            alg = CoseStructures.integer(header.get(CBORObject.FromObject(Cose.HEADER_ALG)), "alg");
        }
        checkCrit(header.get(CBORObject.FromObject(Cose.HEADER_CRIT)));
        List<byte[]> x5chain = x5chain(header.get(CBORObject.FromObject(Cose.HEADER_X5CHAIN)));
        Claims claims = claims(header);
        Inner inner = inner(payload);
        return new Parsed(protectedBytes, alg, unprotectedAlg, x5chain, claims, payload, signature, inner);
    }

    private static void checkCrit(CBORObject crit) throws CoseException {
        if (crit == null || crit.getType() != CBORType.Array || crit.isTagged()) {
            throw new CoseException("crit must list the envelope claims");
        }
        Set<Integer> listed = new HashSet<>();
        for (CBORObject entry : crit.getValues()) {
            int label = CoseStructures.integer(entry, "crit label");
            if (!CLAIM_LABELS.contains(label)) {
                throw new CoseException("crit lists unknown label " + label);
            }
            if (!listed.add(label)) {
                throw new CoseException("crit lists a label twice");
            }
        }
        if (listed.size() != CLAIM_LABELS.size()) {
            throw new CoseException("crit must list every envelope claim");
        }
    }

    private static List<byte[]> x5chain(CBORObject chain) throws CoseException {
        List<byte[]> certificates = new ArrayList<>();
        if (chain == null) {
            throw new CoseException("x5chain missing");
        }
        if (chain.getType() == CBORType.ByteString) {
            certificates.add(CoseStructures.bytes(chain, "x5chain"));
        } else if (chain.getType() == CBORType.Array && !chain.isTagged() && chain.size() >= 2
                && chain.size() <= MAX_CHAIN) {
            for (CBORObject certificate : chain.getValues()) {
                certificates.add(CoseStructures.bytes(certificate, "x5chain certificate"));
            }
        } else {
            throw new CoseException("x5chain must be one certificate or an array of 2 to " + MAX_CHAIN);
        }
        return certificates;
    }

    private static Claims claims(CBORObject header) throws CoseException {
        String deviceId = CoseStructures.text(header.get(CBORObject.FromObject(LABEL_DEVICE_ID)), "device id");
        if (deviceId.isEmpty() || deviceId.length() > MAX_DEVICE_ID) {
            throw new CoseException("device id must be 1 to " + MAX_DEVICE_ID + " characters");
        }
        byte[] keyId = CoseStructures.bytes(header.get(CBORObject.FromObject(LABEL_DEVICE_KEY_ID)), 32, "device key id");
        String type = CoseStructures.text(header.get(CBORObject.FromObject(LABEL_PAYLOAD_TYPE)), "payload type");
        long sequence = CoseStructures.unsigned(header.get(CBORObject.FromObject(LABEL_SEQUENCE)), "sequence");
        long issuedAt = CoseStructures.unsigned(header.get(CBORObject.FromObject(LABEL_ISSUED_AT)), "issued-at");
        long expiresAt = CoseStructures.unsigned(header.get(CBORObject.FromObject(LABEL_EXPIRES_AT)), "expiry");
        if (expiresAt <= issuedAt) {
            throw new CoseException("expiry must be after issued-at");
        }
        return new Claims(deviceId, keyId, type, sequence, issuedAt, expiresAt);
    }

    private static Inner inner(byte[] payload) throws CoseException {
        CBORObject message = StrictCbor.decode(payload, Set.of(Cose.TAG_ENCRYPT));
        if (!message.isTagged() || !message.getMostOuterTag().equals(com.upokecenter.numbers.EInteger.FromInt32(Cose.TAG_ENCRYPT))) {
            throw new CoseException("payload must be a tagged COSE_Encrypt");
        }
        CBORObject encrypt = CoseStructures.array(message.UntagOne(), 4, "COSE_Encrypt");
        byte[] protectedBytes = CoseStructures.bytes(encrypt.get(0), "content protected header");
        Integer contentAlg = onlyAlg(CoseStructures.protectedHeader(protectedBytes), "content protected header");
        CBORObject unprotected = CoseStructures.map(encrypt.get(1), "content unprotected header");
        if (unprotected.size() != 1) {
            throw new CoseException("content unprotected header must hold only the IV");
        }
        byte[] iv = CoseStructures.bytes(unprotected.get(CBORObject.FromObject(Cose.HEADER_IV)), 12, "IV");
        byte[] ciphertext = CoseStructures.bytes(encrypt.get(2), "ciphertext");
        CBORObject recipients = encrypt.get(3);
        if (recipients == null || recipients.getType() != CBORType.Array || recipients.isTagged()
                || recipients.size() != 1) {
            throw new CoseException("COSE_Encrypt must have exactly one recipient");
        }
        CBORObject recipient = CoseStructures.array(recipients.get(0), 3, "COSE_recipient");
        byte[] recipientProtected = CoseStructures.bytes(recipient.get(0), "recipient protected header");
        Integer recipientAlg = onlyAlg(CoseStructures.protectedHeader(recipientProtected), "recipient protected header");
        CBORObject recipientUnprotected = CoseStructures.map(recipient.get(1), "recipient unprotected header");
        if (recipientUnprotected.size() != 1) {
            throw new CoseException("recipient unprotected header must hold only the ephemeral key");
        }
        CBORObject ephemeral = CoseStructures.map(
                recipientUnprotected.get(CBORObject.FromObject(Cose.HEADER_EPHEMERAL_KEY)), "ephemeral key");
        if (CoseStructures.bytes(recipient.get(2), "recipient ciphertext").length != 0) {
            throw new CoseException("direct key agreement carries no wrapped key");
        }
        return new Inner(protectedBytes, contentAlg, iv, ciphertext, recipientProtected, recipientAlg, ephemeral);
    }

    private static Integer onlyAlg(CBORObject header, String what) throws CoseException {
        if (header.size() == 0) {
            return null;
        }
        for (Map.Entry<CBORObject, CBORObject> entry : header.getEntries()) {
            if (CoseStructures.integer(entry.getKey(), what + " label") != Cose.HEADER_ALG) {
                throw new CoseException(what + " must hold only alg");
            }
        }
        return CoseStructures.integer(header.get(CBORObject.FromObject(Cose.HEADER_ALG)), "alg");
    }
}
