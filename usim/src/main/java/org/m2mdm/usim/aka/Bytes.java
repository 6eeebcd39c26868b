package org.m2mdm.usim.aka;

import java.util.HexFormat;

final class Bytes {
    private Bytes() {
    }

    static byte[] copy(String name, byte[] value, int length) {
        return copyRange(name, value, length, length);
    }

    static byte[] copyRange(String name, byte[] value, int min, int max) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.length < min || value.length > max) {
            throw new IllegalArgumentException(name + " must be " + (min == max ? min : min + "-" + max)
                    + " bytes, got " + value.length);
        }
        return value.clone();
    }

    static void check(String name, byte[] value, int length) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got " + value.length);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
