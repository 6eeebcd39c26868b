package org.m2mdm.client;

/** The state directory is missing, incomplete or corrupt; the message names the file and problem. */
public class StateDirectoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateDirectoryException(String message) {
        super(message);
    }

    public StateDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
