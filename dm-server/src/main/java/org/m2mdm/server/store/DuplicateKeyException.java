package org.m2mdm.server.store;

/** An insert or update would break a unique key (e.g. an endpoint that already exists). */
public class DuplicateKeyException extends StoreException {
    private static final long serialVersionUID = 1L;

    public DuplicateKeyException(String message) {
        super(message);
    }

    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
