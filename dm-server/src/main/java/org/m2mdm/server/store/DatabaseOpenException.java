package org.m2mdm.server.store;

/** The database could not be opened or migrated; the message says why in operator terms. */
public class DatabaseOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
