package org.m2mdm.server.store;

import java.time.Instant;

/** A stored management server (its private key, if any, is only available through the store). */
public record ManagementServer(String id, String tenantId, String name, ManagementServerRole role, String uri, int shortServerId,
        String certificatePem, Instant createdAt) {
}
