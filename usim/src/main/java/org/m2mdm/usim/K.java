package org.m2mdm.usim;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A 128-bit subscriber key K (TS 33.102).
 * A secret: {@link #toString()} never shows it and error messages never echo it.
 */
public final class K {
    /** Length in bytes. */
    public static final int LENGTH = 16;

    private final byte[] value;

    private K(byte[] value) {
        this.value = value;
    }

    /** Copies the given 16 bytes. */
    public static K of(byte[] value) {
        return new K(Octets.copyExact("K", value, LENGTH));
    }

    /** Parses 32 hex digits (either case). */
    public static K fromHex(String hex) {
        return new K(Octets.fromHex("K", hex, LENGTH));
    }

    /** A copy of the value. */
    public byte[] bytes() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof K other && MessageDigest.isEqual(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "K[redacted]";
    }
}
