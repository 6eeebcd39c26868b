package org.m2mdm.server.store;

/**
 * A device import was rejected as a whole because of one row; nothing was written.
 * {@link #index()} is the 0-based position of the failing row in the list given to
 * {@link DeviceStore#importAll}.
 */
public class DeviceImportException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final String endpoint;

    public DeviceImportException(int index, String endpoint, String reason) {
        super("row " + index + " (endpoint " + endpoint + "): " + reason);
        this.index = index;
        this.endpoint = endpoint;
    }

    /** 0-based index of the failing row. */
    public int index() {
        return index;
    }

    /** Endpoint of the failing row. */
    public String endpoint() {
        return endpoint;
    }
}
