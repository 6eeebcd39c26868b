package org.m2mdm.envelope;

/**
 * An envelope was refused. The {@link Reason} says which check failed; the message never contains
 * key material or payload bytes.
 */
public class EnvelopeRejectedException extends Exception {

    /** Why an envelope was refused, in the order the checks run. */
    public enum Reason {
        TOO_LARGE,
        MALFORMED,
        UNSUPPORTED_ALGORITHM,
        UNTRUSTED_SIGNER,
        SIGNER_ROLE_NOT_ALLOWED,
        BAD_SIGNATURE,
        WRONG_DEVICE,
        EXPIRED,
        NOT_YET_VALID,
        REPLAYED,
        DECRYPTION_FAILED
    }

    private final Reason reason;

    public EnvelopeRejectedException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public EnvelopeRejectedException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /** Which check refused the envelope. */
    public Reason reason() {
        return reason;
    }
}
