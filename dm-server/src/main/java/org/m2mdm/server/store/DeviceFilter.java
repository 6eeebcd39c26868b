package org.m2mdm.server.store;

/**
 * Criteria for listing devices; null fields do not filter. {@code endpointPrefix} matches the start
 * of the endpoint name.
 */
public record DeviceFilter(String label, DeviceState state, String endpointPrefix) {
    /** No filtering. */
    public static DeviceFilter all() {
        return new DeviceFilter(null, null, null);
    }

    public static DeviceFilter label(String label) {
        return new DeviceFilter(label, null, null);
    }
}
