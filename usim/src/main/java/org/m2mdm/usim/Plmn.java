package org.m2mdm.usim;

/**
 * A public land mobile network identity: a 3-digit mobile country code and a 2- or 3-digit mobile network code.
 * {@link #toString()} gives the conventional "MCC-MNC" form, e.g. {@code 001-01}.
 */
public record Plmn(String mcc, String mnc) {

    public Plmn {
        if (mcc == null) {
            throw new IllegalArgumentException("MCC must not be null");
        }
        if (mnc == null) {
            throw new IllegalArgumentException("MNC must not be null");
        }
        if (mcc.length() != 3 || !Digits.all(mcc)) {
            throw new IllegalArgumentException("MCC must be 3 decimal digits, got " + describe(mcc));
        }
        if (mnc.length() < 2 || mnc.length() > 3 || !Digits.all(mnc)) {
            throw new IllegalArgumentException("MNC must be 2-3 decimal digits, got " + describe(mnc));
        }
    }

    public static Plmn of(String mcc, String mnc) {
        return new Plmn(mcc, mnc);
    }

    /**
     * Parses "001-01" (the {@link #toString()} form) or the plain digits "00101" / "001001"
     * (5 digits mean a 2-digit MNC, 6 digits a 3-digit MNC).
     */
    public static Plmn parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("PLMN must not be null");
        }
        int dash = text.indexOf('-');
        if (dash >= 0) {
            return new Plmn(text.substring(0, dash), text.substring(dash + 1));
        }
        if (text.length() != 5 && text.length() != 6) {
            throw new IllegalArgumentException("PLMN must be written MCC-MNC or as 5-6 digits, got " + describe(text));
        }
        return parse(text, text.length() - 3);
    }

    /** Parses the digits MCC‖MNC with an explicit MNC length (2 or 3). */
    public static Plmn parse(String digits, int mncLength) {
        if (digits == null) {
            throw new IllegalArgumentException("PLMN must not be null");
        }
        if (mncLength != 2 && mncLength != 3) {
            throw new IllegalArgumentException("MNC length must be 2 or 3, got " + mncLength);
        }
        if (digits.length() != 3 + mncLength) {
            throw new IllegalArgumentException("PLMN with a " + mncLength + "-digit MNC must be " + (3 + mncLength)
                    + " digits, got " + digits.length());
        }
        return new Plmn(digits.substring(0, 3), digits.substring(3));
    }

    /** MCC‖MNC without separator, e.g. "00101". */
    public String digits() {
        return mcc + mnc;
    }

    @Override
    public String toString() {
        return mcc + "-" + mnc;
    }

    private static String describe(String s) {
        return s.length() > 8 ? "'" + s.substring(0, 8) + "...' (" + s.length() + " characters)" : "'" + s + "'";
    }
}
