package org.m2mdm.client.profiles;

/** The profile store cannot be read or written; the message names the file and field, never secrets. */
public class ProfileStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProfileStoreException(String message) {
        super(message);
    }

    public ProfileStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
