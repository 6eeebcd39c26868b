package org.m2mdm.server.store;

import java.time.Instant;

/**
 * A stored USIM credential set without its secret (fetch that with
 * {@link UsimCredentialStore#secret}). {@code assignedDeviceId} is null while in the pool.
 */
public record UsimCredentialSet(String id, String tenantId, String imsi, String iccid, String algorithm, int amf,
        String operatorPlmn, String assignedDeviceId, Instant createdAt) {
}
