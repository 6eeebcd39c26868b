package org.m2mdm.usim;

/**
 * A 128-bit operator variant algorithm configuration field OP (TS 35.206).
 * A secret: {@link #toString()} never shows it and error messages never echo it.
 */
public final class Op extends SecretBlock {
    private Op(byte[] value) {
        super("OP", value);
    }

    /** Copies the given 16 bytes. */
    public static Op of(byte[] value) {
        return new Op(Octets.copyExact("OP", value, LENGTH));
    }

    /** Parses 32 hex digits (either case). */
    public static Op fromHex(String hex) {
        return new Op(Octets.fromHex("OP", hex, LENGTH));
    }
}
