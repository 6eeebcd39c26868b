package org.m2mdm.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable jobs and their per-device targets. API-side reads are tenant-scoped; engine-side
 * operations (claim, complete, reschedule) address targets by id across tenants.
 *
 * <p>A target moves PENDING → DELIVERING (claimed, with a lease) → SUCCEEDED / ROLLED_BACK / FAILED,
 * or back to PENDING when rescheduled. A DELIVERING target whose lease has expired (its node died)
 * can be claimed again; because the envelope sequence number is reserved once per target
 * ({@link #reserveSequence}), the retry re-sends the same sequence and the device accepts it at most once.
 */
public interface JobStore {

    /**
     * Creates a job with one PENDING target per device (due now), atomically. A device id the
     * tenant does not own → {@link NotFoundException} and nothing is written; duplicates in the list
     * are ignored; an empty list → {@link IllegalArgumentException}.
     */
    Job createJob(String tenantId, String type, String specJson, List<String> deviceIds, String createdBy);

    /** {@link #createJob(String, String, String, List, String)} without a creator. */
    default Job createJob(String tenantId, String type, String specJson, List<String> deviceIds) {
        return createJob(tenantId, type, specJson, deviceIds, null);
    }

    Optional<Job> find(String tenantId, String jobId);

    /** The tenant's jobs, newest first. */
    Page<Job> list(String tenantId, int offset, int limit);

    /** Number of targets in each state (every state present, zero if none); an empty map if the tenant has no such job. */
    Map<TargetState, Long> countsByState(String tenantId, String jobId);

    /** All targets of the job, ordered by endpoint; empty if the tenant has no such job. */
    List<JobTarget> targets(String tenantId, String jobId);

    // ---- engine side ----

    /**
     * Claims up to {@code limit} due targets (PENDING with next attempt ≤ now, or DELIVERING with an
     * expired lease), oldest due first, at most {@code perJobLimit} DELIVERING per job (counting
     * targets already delivering under a live lease) and at most one per device (a device with a
     * target under a live lease gets no second one, so its envelopes go out in order), marking each
     * DELIVERING with this lease and incrementing its attempts. Safe against concurrent claimers:
     * each target goes to exactly one claimer. The per-job and per-device limits are exact for one
     * claimer at a time; claimers racing on several nodes may briefly exceed them.
     */
    List<ClaimedTarget> claimDue(Instant now, int limit, int perJobLimit, String leaseOwner, Duration leaseDuration);

    /** {@link #claimDue(Instant, int, int, String, Duration)} without a per-job limit. */
    default List<ClaimedTarget> claimDue(Instant now, int limit, String leaseOwner, Duration leaseDuration) {
        return claimDue(now, limit, Integer.MAX_VALUE, leaseOwner, leaseDuration);
    }

    /**
     * Claims one target now if it is PENDING (regardless of its next-attempt time, e.g. its device
     * just registered) or DELIVERING with an expired lease; empty otherwise.
     */
    Optional<ClaimedTarget> claim(String targetId, Instant now, String leaseOwner, Duration leaseDuration);

    /** Extends a lease still held by this owner; false if lost. */
    boolean renewLease(String targetId, String leaseOwner, Instant now, Duration leaseDuration);

    /**
     * Moves a non-final target to a final state with a human-readable detail; false if the target
     * does not exist, is already final, or {@code state} is not final ({@link IllegalArgumentException}).
     */
    boolean complete(String targetId, TargetState state, String detail);

    /** Puts a non-final target back to PENDING, due at {@code nextAttemptAt}, clearing its lease; false if final. */
    boolean reschedule(String targetId, Instant nextAttemptAt, String error);

    /**
     * Like {@link #reschedule} but the claim does not count as an attempt (the device was offline or
     * asleep, or the job's concurrency was full); false if final.
     */
    boolean defer(String targetId, Instant nextAttemptAt, String reason);

    /**
     * The envelope sequence number for this target: the one already reserved, or else the next from
     * {@link EnvelopeSequenceStore} for its endpoint, recorded on the target in the same transaction.
     */
    long reserveSequence(String targetId);

    Optional<JobTarget> target(String targetId);

    Optional<Job> job(String jobId);

    /** Non-final targets of a device (PENDING or DELIVERING), oldest first. */
    List<JobTarget> pendingTargetsForDevice(String deviceId);
}
