package org.m2mdm.server.connectivity;

/** A connectivity operation was refused by the operator's systems. */
public class ConnectivityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectivityException(String message, Throwable cause) {
        super(message, cause);
    }
}
