package org.m2mdm.server.store;

import java.time.Instant;

/**
 * One device's part of a job. {@code attempts} counts claims; {@code nextAttemptAt} is when a
 * PENDING target is due; the lease fields are set while DELIVERING; {@code envelopeSequence} is the
 * sequence number reserved for this target (null until reserved) so a retry re-sends the same one.
 */
public record JobTarget(String id, String jobId, String tenantId, String deviceId, String endpoint, TargetState state,
        int attempts, Instant nextAttemptAt, String leaseOwner, Instant leaseExpiresAt, Long envelopeSequence,
        String detail, String lastError, Instant updatedAt) {
}
