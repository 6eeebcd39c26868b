package org.m2mdm.conformance;

/** Thrown by a case body when the client misbehaves; the message is the reason printed in the report. */
public final class CaseFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CaseFailure(String reason) {
        super(reason);
    }

    /** Fails with {@code reason} unless {@code condition} holds. */
    public static void check(boolean condition, String reason) {
        if (!condition) {
            throw new CaseFailure(reason);
        }
    }
}
