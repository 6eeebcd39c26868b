package org.m2mdm.server.connectivity;

/** The operator already has a subscription for this IMSI. */
public class SubscriptionExistsException extends ConnectivityException {
    private static final long serialVersionUID = 1L;

    public SubscriptionExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
