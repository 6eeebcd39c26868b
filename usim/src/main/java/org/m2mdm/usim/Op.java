package org.m2mdm.usim;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A 128-bit operator variant algorithm configuration field OP (TS 35.206).
 * A secret: {@link #toString()} never shows it and error messages never echo it.
 */
public final class Op {
    /** Length in bytes. */
    public static final int LENGTH = 16;

    private final byte[] value;

    private Op(byte[] value) {
        this.value = value;
    }

    /** Copies the given 16 bytes. */
    public static Op of(byte[] value) {
        return new Op(Octets.copyExact("OP", value, LENGTH));
    }

    /** Parses 32 hex digits (either case). */
    public static Op fromHex(String hex) {
        return new Op(Octets.fromHex("OP", hex, LENGTH));
    }

    /** A copy of the value. */
    public byte[] bytes() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Op other && MessageDigest.isEqual(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "OP[redacted]";
    }
}
