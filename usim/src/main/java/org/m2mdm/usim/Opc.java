package org.m2mdm.usim;

/**
 * A 128-bit OPc, the subscriber-specific value derived from OP and K (TS 35.206 §4.1).
 * A secret: {@link #toString()} never shows it and error messages never echo it.
 */
public final class Opc extends SecretBlock {
    private Opc(byte[] value) {
        super("OPc", value);
    }

    /** Copies the given 16 bytes. */
    public static Opc of(byte[] value) {
        return new Opc(Octets.copyExact("OPc", value, LENGTH));
    }

    /** Parses 32 hex digits (either case). */
    public static Opc fromHex(String hex) {
        return new Opc(Octets.fromHex("OPc", hex, LENGTH));
    }
}
