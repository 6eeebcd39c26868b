package org.m2mdm.server.store;

import java.time.Instant;
import java.util.Set;

/**
 * A device in a tenant's inventory. {@code objectTreeJson} is the management-object tree as last
 * read (null until read), {@code objectTreeReadAt} when.
 */
public record Device(String id, String tenantId, String endpoint, String certificatePem, String kuFingerprint,
        Set<String> labels, DeviceState state, String objectTreeJson, Instant objectTreeReadAt, Instant createdAt,
        Instant updatedAt) {
    public Device {
        labels = Set.copyOf(labels);
    }
}
