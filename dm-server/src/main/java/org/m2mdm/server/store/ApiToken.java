package org.m2mdm.server.store;

import java.time.Instant;

/** An issued API token as stored: only its id and label, never the token itself or its hash. */
public record ApiToken(String id, String tenantId, String label, Instant createdAt) {
}
