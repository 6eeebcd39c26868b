package org.m2mdm.usim;

import java.util.HexFormat;

/** A 48-bit authentication sequence number SQN (TS 33.102 §6.3), big-endian on the wire. */
public record Sqn(long value) {
    /** Length in bytes. */
    public static final int LENGTH = 6;
    /** The largest SQN, 2^48 - 1. */
    public static final long MAX = (1L << 48) - 1;

    public Sqn {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("SQN must be in 0..2^48-1, got " + value);
        }
    }

    public static Sqn of(long value) {
        return new Sqn(value);
    }

    /** Reads 6 big-endian bytes. */
    public static Sqn of(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("SQN must not be null");
        }
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("SQN must be 6 bytes, got " + bytes.length);
        }
        long v = 0;
        for (byte b : bytes) {
            v = (v << 8) | (b & 0xFF);
        }
        return new Sqn(v);
    }

    /** 6 big-endian bytes (a fresh array). */
    public byte[] bytes() {
        byte[] out = new byte[LENGTH];
        long v = value;
        for (int i = LENGTH - 1; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }

    @Override
    public String toString() {
        return "Sqn[" + HexFormat.of().formatHex(bytes()) + "]";
    }
}
