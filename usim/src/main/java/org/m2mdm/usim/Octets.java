package org.m2mdm.usim;

import java.util.HexFormat;

/** Length and hex checks for fixed-size byte values; messages never contain the value itself. */
final class Octets {
    private Octets() {
    }

    static byte[] copyExact(String name, byte[] value, int length) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got " + value.length);
        }
        return value.clone();
    }

    static byte[] fromHex(String name, String hex, int length) {
        if (hex == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        String h = hex.strip();
        if (h.length() != 2 * length) {
            throw new IllegalArgumentException(name + " must be " + 2 * length + " hex digits, got " + h.length());
        }
        for (int i = 0; i < h.length(); i++) {
            if (Character.digit(h.charAt(i), 16) < 0) {
                throw new IllegalArgumentException(name + " must contain only hex digits (character " + (i + 1)
                        + " is not)");
            }
        }
        return HexFormat.of().parseHex(h);
    }
}
