package org.m2mdm.server.store;

/** A foreign key was violated: a referenced row is missing, or a row to delete is still referenced. */
public class ReferenceException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ReferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
