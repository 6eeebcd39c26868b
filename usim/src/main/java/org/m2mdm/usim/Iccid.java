package org.m2mdm.usim;

/** An Integrated Circuit Card Identifier (ITU-T E.118): 18-20 decimal digits, the last one a Luhn check digit. */
public record Iccid(String digits) {

    public Iccid {
        if (digits == null) {
            throw new IllegalArgumentException("ICCID must not be null");
        }
        if (digits.length() < 18 || digits.length() > 20) {
            throw new IllegalArgumentException("ICCID must be 18-20 digits, got " + digits.length());
        }
        int bad = Digits.firstNonDigit(digits);
        if (bad >= 0) {
            throw new IllegalArgumentException("ICCID must contain only decimal digits, character " + (bad + 1)
                    + " is '" + digits.charAt(bad) + "'");
        }
        int expected = Digits.luhnCheckDigit(digits.substring(0, digits.length() - 1));
        int actual = digits.charAt(digits.length() - 1) - '0';
        if (expected != actual) {
            throw new IllegalArgumentException("ICCID Luhn check digit is wrong: expected " + expected + ", got "
                    + actual);
        }
    }

    public static Iccid of(String digits) {
        return new Iccid(digits);
    }

    /** Appends the Luhn check digit to a 17-19 digit payload. */
    public static Iccid withCheckDigit(String prefixWithoutLuhn) {
        if (prefixWithoutLuhn == null) {
            throw new IllegalArgumentException("ICCID must not be null");
        }
        if (prefixWithoutLuhn.length() < 17 || prefixWithoutLuhn.length() > 19) {
            throw new IllegalArgumentException("ICCID without its check digit must be 17-19 digits, got "
                    + prefixWithoutLuhn.length());
        }
        int bad = Digits.firstNonDigit(prefixWithoutLuhn);
        if (bad >= 0) {
            throw new IllegalArgumentException("ICCID must contain only decimal digits, character " + (bad + 1)
                    + " is '" + prefixWithoutLuhn.charAt(bad) + "'");
        }
        return new Iccid(prefixWithoutLuhn + Digits.luhnCheckDigit(prefixWithoutLuhn));
    }

    @Override
    public String toString() {
        return digits;
    }
}
