package org.m2mdm.envelope.cose;

import java.util.Set;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;

/**
 * Strict CBOR decoding for untrusted input. A pre-scan of the head bytes runs before the CBOR library
 * allocates anything and rejects: indefinite lengths, reserved additional information, non-shortest
 * integer and length encodings, declared lengths or element counts larger than the bytes that remain,
 * floating-point and unassigned simple values, tags other than the one expected at the top, nesting deeper
 * than {@link #MAX_DEPTH}, and trailing bytes. The library then decodes with duplicate map keys refused
 * (and checks UTF-8 of text strings).
 */
public final class StrictCbor {

    /** Deepest nesting accepted; a COSE_Encrypt with its recipient's ephemeral key needs 5. */
    public static final int MAX_DEPTH = 8;

    private static final CBOREncodeOptions DECODE_OPTIONS = new CBOREncodeOptions("allowduplicatekeys=false");

    private final byte[] bytes;
    private final Set<Integer> topTags;
    private int position;

    private StrictCbor(byte[] bytes, Set<Integer> topTags) {
        this.bytes = bytes;
        this.topTags = topTags;
    }

    /** Decodes one untagged CBOR item that must fill {@code bytes} exactly. */
    public static CBORObject decode(byte[] bytes) throws CoseException {
        return decode(bytes, Set.of());
    }

    /** Decodes one CBOR item that may carry one of {@code topTags} at the top and nowhere else. */
    public static CBORObject decode(byte[] bytes, Set<Integer> topTags) throws CoseException {
        scan(bytes, topTags);
        try {
            return CBORObject.DecodeFromBytes(bytes, DECODE_OPTIONS);
        } catch (CBORException | IllegalArgumentException e) {
            throw new CoseException("CBOR rejected by decoder: " + e.getClass().getSimpleName());
        }
    }

    /** Runs the pre-scan only. */
    public static void scan(byte[] bytes, Set<Integer> topTags) throws CoseException {
        if (bytes == null || bytes.length == 0) {
            throw new CoseException("empty CBOR");
        }
        StrictCbor scanner = new StrictCbor(bytes, topTags);
        scanner.item(0, true);
        if (scanner.position != bytes.length) {
            throw new CoseException("trailing bytes after CBOR item at offset " + scanner.position);
        }
    }

    private void item(int depth, boolean top) throws CoseException {
        if (depth > MAX_DEPTH) {
            throw new CoseException("CBOR nested deeper than " + MAX_DEPTH);
        }
        int start = position;
        int initial = next();
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (info == 31) {
            throw new CoseException("indefinite length or break at offset " + start);
        }
        if (info >= 28) {
            throw new CoseException("reserved additional information at offset " + start);
        }
        if (major == 7) {
            if (info < 20 || info > 23) {
                throw new CoseException("floating-point or unassigned simple value at offset " + start);
            }
            return;
        }
        long argument = argument(info, start);
        switch (major) {
            case 0, 1 -> {
                // integer: argument already consumed
            }
            case 2, 3 -> {
                requireRemaining(argument, start);
                position += (int) argument;
            }
            case 4 -> {
                requireRemaining(argument, start);
                for (long i = 0; i < argument; i++) {
                    item(depth + 1, false);
                }
            }
            case 5 -> {
                if (Long.compareUnsigned(argument, (bytes.length - position) / 2) > 0) {
                    throw new CoseException("map count exceeds remaining bytes at offset " + start);
                }
                for (long i = 0; i < 2 * argument; i++) {
                    item(depth + 1, false);
                }
            }
            case 6 -> {
                if (!top || argument > Integer.MAX_VALUE || !topTags.contains((int) argument)) {
                    throw new CoseException("unexpected CBOR tag at offset " + start);
                }
                item(depth, false);
            }
            default -> throw new IllegalStateException("unreachable major type");
        }
    }

    private long argument(int info, int start) throws CoseException {
        if (info < 24) {
            return info;
        }
        int size = 1 << (info - 24);
        if (bytes.length - position < size) {
            throw new CoseException("truncated CBOR head at offset " + start);
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | next();
        }
        long minimum = switch (size) {
            case 1 -> 24;
            case 2 -> 0x100;
            case 4 -> 0x1_0000;
            default -> 0x1_0000_0000L;
        };
        if (Long.compareUnsigned(value, minimum) < 0) {
            throw new CoseException("non-shortest CBOR encoding at offset " + start);
        }
        return value;
    }

    private void requireRemaining(long declared, int start) throws CoseException {
        if (Long.compareUnsigned(declared, bytes.length - position) > 0) {
            throw new CoseException("declared length exceeds remaining bytes at offset " + start);
        }
    }

    private int next() throws CoseException {
        if (position >= bytes.length) {
            throw new CoseException("truncated CBOR at offset " + position);
        }
        return bytes[position++] & 0xff;
    }
}
