package org.m2mdm.server.store;

import java.time.Instant;

/**
 * One audit record: who ({@code actor}, e.g. "token:abc" or "engine"), for which tenant (null for
 * system events), what ({@code action}, e.g. "device.import", "job.target.succeeded"), on what
 * ({@code subject}, e.g. a device or job id), its outcome (e.g. "OK", "REJECTED", "FAILED"), a detail
 * text (never a secret) and when.
 */
public record AuditEvent(String actor, String tenantId, String action, String subject, String outcome, String detail,
        Instant at) {
}
