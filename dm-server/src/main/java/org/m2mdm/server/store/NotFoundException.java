package org.m2mdm.server.store;

/** A referenced row (device, server, job...) does not exist for this tenant. */
public class NotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
