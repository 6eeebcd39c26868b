package org.m2mdm.usim;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A 128-bit OPc, the subscriber-specific value derived from OP and K (TS 35.206 §4.1).
 * A secret: {@link #toString()} never shows it and error messages never echo it.
 */
public final class Opc {
    /** Length in bytes. */
    public static final int LENGTH = 16;

    private final byte[] value;

    private Opc(byte[] value) {
        this.value = value;
    }

    /** Copies the given 16 bytes. */
    public static Opc of(byte[] value) {
        return new Opc(Octets.copyExact("OPc", value, LENGTH));
    }

    /** Parses 32 hex digits (either case). */
    public static Opc fromHex(String hex) {
        return new Opc(Octets.fromHex("OPc", hex, LENGTH));
    }

    /** A copy of the value. */
    public byte[] bytes() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Opc other && MessageDigest.isEqual(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "OPc[redacted]";
    }
}
