package org.m2mdm.server.store;

import java.util.Set;

/**
 * A device to add to the inventory. {@code certificatePem} and {@code kuFingerprint} may be null
 * (a device known only by Ku, or only by certificate).
 */
public record NewDevice(String endpoint, String certificatePem, String kuFingerprint, Set<String> labels) {
    public NewDevice {
        labels = labels == null ? Set.of() : Set.copyOf(labels);
    }
}
