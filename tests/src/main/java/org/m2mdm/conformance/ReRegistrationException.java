package org.m2mdm.conformance;

/**
 * A request was cancelled because the client registered anew while it was in flight (Leshan drops
 * what is pending on the old registration). LwM2M lets a client re-register at any time, so the
 * suite runs the case once more after the client has settled, and says so in the report.
 */
public final class ReRegistrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReRegistrationException(String message) {
        super(message);
    }
}
