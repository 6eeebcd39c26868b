package org.m2mdm.usim;

/**
 * A 128-bit subscriber key K (TS 33.102).
 * A secret: {@link #toString()} never shows it and error messages never echo it.
 */
public final class K extends SecretBlock {
    private K(byte[] value) {
        super("K", value);
    }

    /** Copies the given 16 bytes. */
    public static K of(byte[] value) {
        return new K(Octets.copyExact("K", value, LENGTH));
    }

    /** Parses 32 hex digits (either case). */
    public static K fromHex(String hex) {
        return new K(Octets.fromHex("K", hex, LENGTH));
    }
}
