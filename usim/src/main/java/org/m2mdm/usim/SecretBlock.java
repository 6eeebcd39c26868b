package org.m2mdm.usim;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A 128-bit USIM secret (K, OP or OPc): holds its own copy, compares in constant time, and never shows
 * its value in {@link #toString()} or in error messages.
 */
public abstract sealed class SecretBlock permits K, Op, Opc {
    /** Length in bytes. */
    public static final int LENGTH = 16;

    private final String name;
    private final byte[] value;

    SecretBlock(String name, byte[] value) {
        this.name = name;
        this.value = value;
    }

    /** A copy of the value. */
    public final byte[] bytes() {
        return value.clone();
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && MessageDigest.isEqual(value, ((SecretBlock) o).value);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public final String toString() {
        return name + "[redacted]";
    }
}
