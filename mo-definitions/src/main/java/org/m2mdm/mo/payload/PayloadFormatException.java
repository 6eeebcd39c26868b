package org.m2mdm.mo.payload;

/**
 * A payload (the plaintext inside an envelope) is not in the documented format. The message names
 * the offending field but never echoes secret values.
 */
public class PayloadFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PayloadFormatException(String message) {
        super(message);
    }

    public PayloadFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
