package org.m2mdm.usim;

import java.util.HexFormat;

/** The 16-bit authentication management field AMF (TS 33.102 §6.3.2, Annex F). */
public record Amf(int value) {
    /** Length in bytes. */
    public static final int LENGTH = 2;
    /** AMF 0000, also the value f1* uses for MAC-S in re-synchronisation (TS 33.102 §6.3.3). */
    public static final Amf ZERO = new Amf(0);
    /** AMF with only the "separation bit" (bit 0) set, as E-UTRAN requires (TS 33.401 Annex H). */
    public static final Amf SEPARATION_BIT = new Amf(0x8000);

    public Amf {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("AMF must be in 0..0xFFFF, got " + value);
        }
    }

    public static Amf of(int value) {
        return new Amf(value);
    }

    /** Reads 2 big-endian bytes. */
    public static Amf of(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("AMF must not be null");
        }
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("AMF must be 2 bytes, got " + bytes.length);
        }
        return new Amf(((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF));
    }

    /** Parses 4 hex digits, e.g. "8000". */
    public static Amf fromHex(String hex) {
        return of(Octets.fromHex("AMF", hex, LENGTH));
    }

    /** 2 big-endian bytes (a fresh array). */
    public byte[] bytes() {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    @Override
    public String toString() {
        return "Amf[" + HexFormat.of().formatHex(bytes()) + "]";
    }
}
