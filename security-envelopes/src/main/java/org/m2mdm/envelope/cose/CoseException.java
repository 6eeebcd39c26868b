package org.m2mdm.envelope.cose;

/** A COSE or CBOR structure is not acceptable. Messages describe structure only, never key material. */
public class CoseException extends Exception {

    public CoseException(String message) {
        super(message);
    }

    public CoseException(String message, Throwable cause) {
        super(message, cause);
    }
}
