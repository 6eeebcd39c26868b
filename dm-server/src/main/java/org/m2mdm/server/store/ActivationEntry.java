package org.m2mdm.server.store;

import java.time.Instant;
import java.util.Set;

/** A stored AAS entry; see {@link NewActivationEntry}. Server ids may be null (no such server given). */
public record ActivationEntry(String id, String tenantId, String deviceId, String label, String usimServerId,
        String applicationServerId, Set<String> trustedRoles, String trustAnchorsPem, Instant createdAt) {
    public ActivationEntry {
        trustedRoles = Set.copyOf(trustedRoles);
    }
}
