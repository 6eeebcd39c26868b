package org.m2mdm.client;

/** The terminal cannot start or run (e.g. no profile attaches); the message says why. */
public class TerminalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TerminalException(String message) {
        super(message);
    }

    public TerminalException(String message, Throwable cause) {
        super(message, cause);
    }
}
