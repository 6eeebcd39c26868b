package org.m2mdm.usim.ef;

import org.m2mdm.usim.Imsi;

/**
 * The elementary file EF_IMSI of TS 31.102 §4.2.2: 9 bytes. Byte 1 is the number of following bytes used; then the
 * digits as BCD with swapped nibbles, the first byte carrying the identity type (001, IMSI) and a parity bit
 * (1 for an odd number of digits) in its low nibble and digit 1 in its high nibble; an unused high nibble is F and
 * unused bytes are FF.
 */
public final class EfImsi {
    /** Size of EF_IMSI in bytes. */
    public static final int SIZE = 9;

    private EfImsi() {
    }

    /** The 9 bytes of EF_IMSI for this IMSI. */
    public static byte[] encode(Imsi imsi) {
        if (imsi == null) {
            throw new IllegalArgumentException("IMSI must not be null");
        }
        String d = imsi.digits();
        int n = d.length();
        byte[] ef = new byte[SIZE];
        java.util.Arrays.fill(ef, (byte) 0xFF);
        ef[0] = (byte) ((n + 2) / 2);
        // nibble stream: [type+parity, d1, d2, ..., dn, F?]
        int[] nibbles = new int[2 * 8];
        java.util.Arrays.fill(nibbles, 0xF);
        nibbles[0] = (n % 2 == 1) ? 0x9 : 0x1;
        for (int i = 0; i < n; i++) {
            nibbles[i + 1] = d.charAt(i) - '0';
        }
        for (int i = 0; i < ef[0]; i++) {
            ef[1 + i] = (byte) ((nibbles[2 * i + 1] << 4) | nibbles[2 * i]);
        }
        return ef;
    }

    /**
     * Reads EF_IMSI.
     *
     * @param mncLength the MNC length (2 or 3), which EF_AD holds rather than EF_IMSI
     * @throws IllegalArgumentException if the bytes are not a well-formed EF_IMSI
     */
    public static Imsi decode(byte[] ef, int mncLength) {
        if (ef == null) {
            throw new IllegalArgumentException("EF_IMSI must not be null");
        }
        if (ef.length != SIZE) {
            throw new IllegalArgumentException("EF_IMSI must be " + SIZE + " bytes, got " + ef.length);
        }
        int len = ef[0] & 0xFF;
        if (len == 0xFF) {
            throw new IllegalArgumentException("EF_IMSI is empty (length byte FF)");
        }
        if (len < 4 || len > 8) {
            throw new IllegalArgumentException("EF_IMSI length byte must be 4-8 for a 6-15 digit IMSI, got " + len);
        }
        int first = ef[1] & 0x0F;
        if ((first & 0x7) != 0x1) {
            throw new IllegalArgumentException("EF_IMSI identity type must be 001 (IMSI), got "
                    + Integer.toBinaryString(first & 0x7));
        }
        boolean odd = (first & 0x8) != 0;
        int digits = odd ? 2 * len - 1 : 2 * len - 2;
        StringBuilder b = new StringBuilder(digits);
        for (int i = 1; i <= digits; i++) {
            int nibble = nibble(ef, i);
            if (nibble > 9) {
                throw new IllegalArgumentException("EF_IMSI digit " + i + " is not a decimal digit (nibble "
                        + Integer.toHexString(nibble).toUpperCase() + ")");
            }
            b.append((char) ('0' + nibble));
        }
        if (!odd && nibble(ef, digits + 1) != 0xF) {
            throw new IllegalArgumentException("EF_IMSI parity says an even number of digits but the filler nibble "
                    + "is not F");
        }
        for (int i = 1 + len; i < SIZE; i++) {
            if (ef[i] != (byte) 0xFF) {
                throw new IllegalArgumentException("EF_IMSI byte " + (i + 1) + " after the IMSI must be FF");
            }
        }
        return Imsi.of(b.toString(), mncLength);
    }

    /** Nibble i of the stream that starts with the type/parity nibble at index 0. */
    private static int nibble(byte[] ef, int i) {
        int b = ef[1 + i / 2] & 0xFF;
        return (i % 2 == 0) ? b & 0x0F : b >>> 4;
    }
}
