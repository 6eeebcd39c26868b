package org.m2mdm.server.store;

/** Argument checks shared by the stores: bad input gets a specific message before any SQL runs. */
final class Checks {
    private Checks() {
    }

    static String text(String what, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " must be at most " + maxLength + " characters, got " + value.length());
        }
        return value;
    }

    static String optionalText(String what, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new IllegalArgumentException(what + " must be at most " + maxLength + " characters, got " + value.length());
        }
        return value;
    }

    static String digits(String what, String value, int min, int max) {
        if (value == null || value.length() < min || value.length() > max || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " must be " + min + "-" + max + " decimal digits");
        }
        return value;
    }

    static String plmn(String value) {
        if (value == null || !value.matches("\\d{3}-\\d{2,3}")) {
            throw new IllegalArgumentException("operator PLMN must be written MCC-MNC, e.g. 001-01, got " + value);
        }
        return value;
    }

    static <T> T notNull(String what, T value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }

    static void paging(int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000, got " + limit);
        }
    }
}
