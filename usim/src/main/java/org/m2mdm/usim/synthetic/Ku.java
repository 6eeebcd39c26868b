package org.m2mdm.usim.synthetic;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A device-unique 128-bit secret from which synthetic USIM credentials are derived (TR 33.812 Alternative 2).
 *
 * <p>Its label is made for a person to read off a sticker and type into a portal: the 128-bit value as 26
 * Crockford base32 characters (big-endian, so the first is 0-7), then one check character, the value mod 37 in
 * Crockford's check alphabet ({@code 0-9 A-Z} without I L O U, then {@code * ~ $ = U}), written in groups of 4
 * separated by hyphens, e.g. {@code 0123-4567-89AB-CDEF-GHJK-MNPQ-RSW}. Because 37 is prime, every single wrong
 * character and every swap of two adjacent characters changes the check, so a typo is reported instead of
 * silently naming another subscriber. Parsing accepts lower case, spaces and hyphens anywhere, and Crockford's
 * aliases I, L → 1 and O → 0.
 */
public final class Ku {
    /** Length of the raw Ku in bytes. */
    public static final int LENGTH = 16;

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final String CHECK_ALPHABET = ALPHABET + "*~$=U";
    private static final int DATA_CHARS = 26;
    private static final int LABEL_CHARS = DATA_CHARS + 1;
    private static final int GROUP = 4;

    private final byte[] value;

    private Ku(byte[] value) {
        this.value = value;
    }

    /** A new random Ku. */
    public static Ku generate(SecureRandom random) {
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new Ku(b);
    }

    /** A Ku from its 16 raw bytes (copied). */
    public static Ku of(byte[] raw) {
        if (raw == null) {
            throw new IllegalArgumentException("Ku must not be null");
        }
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("Ku must be 16 bytes, got " + raw.length);
        }
        return new Ku(raw.clone());
    }

    /**
     * Reads a label written by {@link #toLabel()}, forgiving case, spaces, hyphens and the I/L/O aliases.
     *
     * @throws KuFormatException if the label is malformed or its check character does not match (a typo)
     */
    public static Ku parse(String label) throws KuFormatException {
        if (label == null || label.isBlank()) {
            throw new KuFormatException("Ku label is empty");
        }
        StringBuilder chars = new StringBuilder(LABEL_CHARS);
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c != '-' && !Character.isWhitespace(c)) {
                chars.append(c);
            }
        }
        if (chars.length() != LABEL_CHARS) {
            throw new KuFormatException("Ku label must have " + LABEL_CHARS
                    + " characters (26 + 1 check character) besides spaces and hyphens, got " + chars.length());
        }
        BigInteger v = BigInteger.ZERO;
        int mod37 = 0;
        for (int i = 0; i < DATA_CHARS; i++) {
            int d = ALPHABET.indexOf(normalise(chars.charAt(i)));
            if (d < 0) {
                throw new KuFormatException("Ku label has an invalid character in group " + (i / GROUP + 1)
                        + ", position " + (i % GROUP + 1) + " (a typo?)");
            }
            if (i == 0 && d > 7) {
                throw new KuFormatException("Ku label is mistyped: its first character must be 0-7");
            }
            v = v.shiftLeft(5).or(BigInteger.valueOf(d));
            mod37 = (mod37 * 32 + d) % 37;
        }
        char check = normalise(chars.charAt(DATA_CHARS));
        int c = CHECK_ALPHABET.indexOf(check);
        if (c < 0) {
            throw new KuFormatException("Ku label has an invalid check character (group " + (DATA_CHARS / GROUP + 1)
                    + ", position " + (DATA_CHARS % GROUP + 1) + ")");
        }
        if (c != mod37) {
            throw new KuFormatException("Ku label has a typo: the check character does not match "
                    + "(a character is wrong or two are swapped); please check every group again");
        }
        byte[] raw = v.toByteArray();
        byte[] b = new byte[LENGTH];
        int n = Math.min(raw.length, LENGTH);
        System.arraycopy(raw, raw.length - n, b, LENGTH - n, n);
        return new Ku(b);
    }

    private static char normalise(char c) {
        char u = Character.toUpperCase(c);
        switch (u) {
            case 'I':
            case 'L':
                return '1';
            case 'O':
                return '0';
            default:
                return u;
        }
    }

    /** The printable label: 26 Crockford base32 characters + a mod-37 check character, in groups of 4. */
    public String toLabel() {
        BigInteger v = new BigInteger(1, value);
        char[] data = new char[DATA_CHARS];
        int mod37 = 0;
        for (int i = DATA_CHARS - 1; i >= 0; i--) {
            data[i] = ALPHABET.charAt(v.intValue() & 31);
            v = v.shiftRight(5);
        }
        for (char ch : data) {
            mod37 = (mod37 * 32 + ALPHABET.indexOf(ch)) % 37;
        }
        String all = new String(data) + CHECK_ALPHABET.charAt(mod37);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < all.length(); i++) {
            if (i > 0 && i % GROUP == 0) {
                b.append('-');
            }
            b.append(all.charAt(i));
        }
        return b.toString();
    }

    /** SHA-256 of the raw 16 bytes, lower-case hex: identifies a Ku without revealing it. */
    public String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The raw value (a copy); only the derivation needs it. */
    byte[] bytes() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ku other && MessageDigest.isEqual(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Ku[fingerprint=" + fingerprint().substring(0, 16) + "]";
    }
}
