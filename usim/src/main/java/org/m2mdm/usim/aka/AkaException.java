package org.m2mdm.usim.aka;

/** An AKA message cannot be accepted, e.g. an AUTS whose MAC-S does not verify. */
public class AkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AkaException(String message) {
        super(message);
    }
}
