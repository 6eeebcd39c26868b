package org.m2mdm.server;

/**
 * The server could not start for a reason the operator can fix (port in use, corrupt data directory, bad
 * configuration). The message is meant for the console; {@link Main} turns it into a non-zero exit.
 */
public class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
