package org.m2mdm.server.connectivity;

/** The operator has no subscription for this IMSI. */
public class UnknownSubscriberException extends ConnectivityException {
    private static final long serialVersionUID = 1L;

    public UnknownSubscriberException(String message, Throwable cause) {
        super(message, cause);
    }
}
