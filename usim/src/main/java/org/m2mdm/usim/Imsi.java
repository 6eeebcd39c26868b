package org.m2mdm.usim;

/**
 * An International Mobile Subscriber Identity: MCC (3 digits) ‖ MNC (2-3 digits) ‖ MSIN, 6-15 digits in all.
 * The MNC length cannot be read from the digits, so it travels with them (2 unless told otherwise).
 */
public record Imsi(String digits, int mncLength) {

    public Imsi {
        if (digits == null) {
            throw new IllegalArgumentException("IMSI must not be null");
        }
        if (digits.length() < 6 || digits.length() > 15) {
            throw new IllegalArgumentException("IMSI must be 6-15 digits, got " + digits.length());
        }
        int bad = Digits.firstNonDigit(digits);
        if (bad >= 0) {
            throw new IllegalArgumentException("IMSI must contain only decimal digits, character " + (bad + 1)
                    + " is '" + digits.charAt(bad) + "'");
        }
        if (mncLength != 2 && mncLength != 3) {
            throw new IllegalArgumentException("MNC length must be 2 or 3, got " + mncLength);
        }
        if (digits.length() <= 3 + mncLength) {
            throw new IllegalArgumentException("IMSI " + digits + " has no MSIN after MCC and a " + mncLength
                    + "-digit MNC");
        }
    }

    /** An IMSI whose MNC has 2 digits. */
    public static Imsi of(String digits) {
        return new Imsi(digits, 2);
    }

    public static Imsi of(String digits, int mncLength) {
        return new Imsi(digits, mncLength);
    }

    /** An IMSI made of a PLMN and an MSIN. */
    public static Imsi of(Plmn plmn, String msin) {
        if (plmn == null || msin == null) {
            throw new IllegalArgumentException("PLMN and MSIN must not be null");
        }
        return new Imsi(plmn.digits() + msin, plmn.mnc().length());
    }

    public Plmn plmn() {
        return new Plmn(mcc(), mnc());
    }

    public String mcc() {
        return digits.substring(0, 3);
    }

    public String mnc() {
        return digits.substring(3, 3 + mncLength);
    }

    public String msin() {
        return digits.substring(3 + mncLength);
    }

    @Override
    public String toString() {
        return digits;
    }
}
