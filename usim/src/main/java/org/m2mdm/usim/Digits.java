package org.m2mdm.usim;

/** Decimal digit checks shared by the identity types. */
final class Digits {
    private Digits() {
    }

    static boolean all(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Index of the first non-digit, or -1. */
    static int firstNonDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return i;
            }
        }
        return -1;
    }

    /** The Luhn (ISO/IEC 7812-1) check digit for a payload that does not yet carry one. */
    static int luhnCheckDigit(String payload) {
        int sum = 0;
        boolean twice = true; // the rightmost payload digit is doubled
        for (int i = payload.length() - 1; i >= 0; i--) {
            int d = payload.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return (10 - sum % 10) % 10;
    }
}
