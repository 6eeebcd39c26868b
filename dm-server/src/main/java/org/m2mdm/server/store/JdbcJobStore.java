package org.m2mdm.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@link JobStore} on the database. Claims are optimistic: a conditional UPDATE that re-checks the
 * claimable condition, so of two nodes racing for a target exactly one sees an update count of 1.
 */
public final class JdbcJobStore implements JobStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT_TARGET = "SELECT t.*, d.endpoint FROM job_targets t JOIN devices d ON d.id = t.device_id";
    private static final String CLAIMABLE =
            "((t.state = 'PENDING' AND t.next_attempt_at <= ?) OR (t.state = 'DELIVERING' AND t.lease_expires_at <= ?))";
    private static final Jdbc.RowMapper<Job> JOB = r -> new Job(r.str("id"), r.str("tenant_id"), r.str("type"), r.str("spec_json"),
            r.str("created_by"), r.instant("created_at"));
    private static final Jdbc.RowMapper<JobTarget> TARGET = r -> new JobTarget(r.str("id"), r.str("job_id"), r.str("tenant_id"),
            r.str("device_id"), r.str("endpoint"), r.enumValue("state", TargetState.class), r.integer("attempts"),
            r.instant("next_attempt_at"), r.str("lease_owner"), r.instant("lease_expires_at"), r.nullableLong("envelope_sequence"),
            r.str("detail"), r.str("last_error"), r.instant("updated_at"));

    private final Jdbc jdbc;
    private final Clock clock;
    private final EnvelopeSequenceStore sequences;

    public JdbcJobStore(Database database, EnvelopeSequenceStore sequences, Clock clock) {
        this.jdbc = database.jdbc();
        this.sequences = sequences;
        this.clock = Jdbc.databasePrecision(clock);
    }

    @Override
    public Job createJob(String tenantId, String type, String specJson, List<String> deviceIds, String createdBy) {
        Checks.text("job type", type, 100);
        Checks.notNull("job spec", specJson);
        try {
            JSON.readTree(specJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job spec is not valid JSON");
        }
        Checks.optionalText("job creator", createdBy, 200);
        Checks.notNull("device ids", deviceIds);
        Set<String> devices = new LinkedHashSet<>(deviceIds);
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one target device");
        }
        if (devices.contains(null)) {
            throw new IllegalArgumentException("device ids must not be null");
        }
        return jdbc.inTransaction(() -> {
            Set<String> owned = new HashSet<>();
            List<String> all = List.copyOf(devices);
            for (int from = 0; from < all.size(); from += 500) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
                Object[] args = new Object[chunk.size() + 1];
                args[0] = tenantId;
                for (int i = 0; i < chunk.size(); i++) {
                    args[i + 1] = chunk.get(i);
                }
                owned.addAll(jdbc.query("SELECT id FROM devices WHERE tenant_id = ? AND id IN (" + placeholders(chunk.size()) + ")",
                        r -> r.str("id"), args));
            }
            for (String id : devices) {
                if (!owned.contains(id)) {
                    throw new NotFoundException("no device " + id);
                }
            }
            Instant now = clock.instant();
            Job job = new Job(UUID.randomUUID().toString(), tenantId, type, specJson, createdBy, now);
            jdbc.update("INSERT INTO jobs (id, tenant_id, type, spec_json, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)", job.id(),
                    tenantId, type, specJson, createdBy, now);
            for (String deviceId : devices) {
                jdbc.update("INSERT INTO job_targets (id, job_id, tenant_id, device_id, state, attempts, next_attempt_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, 0, ?, ?)", UUID.randomUUID().toString(), job.id(), tenantId, deviceId,
                        TargetState.PENDING, now, now);
            }
            return job;
        });
    }

    @Override
    public Optional<Job> find(String tenantId, String jobId) {
        return jdbc.queryOne("SELECT * FROM jobs WHERE tenant_id = ? AND id = ?", JOB, tenantId, jobId);
    }

    @Override
    public Page<Job> list(String tenantId, int offset, int limit) {
        Checks.paging(offset, limit);
        long total = jdbc.queryLong("SELECT COUNT(*) FROM jobs WHERE tenant_id = ?", tenantId);
        List<Job> jobs = jdbc.query("SELECT * FROM jobs WHERE tenant_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?", JOB,
                tenantId, limit, offset);
        return new Page<>(jobs, total, offset, limit);
    }

    @Override
    public Map<TargetState, Long> countsByState(String tenantId, String jobId) {
        if (find(tenantId, jobId).isEmpty()) {
            return Map.of();
        }
        Map<TargetState, Long> counts = new EnumMap<>(TargetState.class);
        for (TargetState s : TargetState.values()) {
            counts.put(s, 0L);
        }
        jdbc.each("SELECT state, COUNT(*) AS n FROM job_targets WHERE tenant_id = ? AND job_id = ? GROUP BY state",
                r -> counts.put(r.enumValue("state", TargetState.class), r.longValue("n")), tenantId, jobId);
        return Collections.unmodifiableMap(counts);
    }

    @Override
    public List<JobTarget> targets(String tenantId, String jobId) {
        return jdbc.query(SELECT_TARGET + " WHERE t.tenant_id = ? AND t.job_id = ? ORDER BY d.endpoint", TARGET, tenantId, jobId);
    }

    @Override
    public List<ClaimedTarget> claimDue(Instant now, int limit, int perJobLimit, String leaseOwner, Duration leaseDuration) {
        if (limit < 1 || perJobLimit < 1) {
            throw new IllegalArgumentException("claim limits must be >= 1");
        }
        checkLease(leaseOwner, leaseDuration);
        return jdbc.inTransaction(() -> {
            int window = (int) Math.min(1000L, (long) limit * 10);
            List<JobTarget> candidates = jdbc.query(SELECT_TARGET + " WHERE " + CLAIMABLE
                    + " ORDER BY t.next_attempt_at, t.id LIMIT ?", TARGET, now, now, window);
            if (candidates.isEmpty()) {
                return List.<ClaimedTarget>of();
            }
            Map<String, Long> liveByJob = new HashMap<>();
            Set<String> busyDevices = new HashSet<>();
            jdbc.each("SELECT job_id, device_id FROM job_targets WHERE state = 'DELIVERING' AND lease_expires_at > ?", r -> {
                liveByJob.merge(r.str("job_id"), 1L, Long::sum);
                busyDevices.add(r.str("device_id"));
            }, now);
            Instant expires = now.plus(leaseDuration);
            List<String> claimed = new ArrayList<>();
            for (JobTarget t : candidates) {
                if (claimed.size() >= limit) {
                    break;
                }
                if (liveByJob.getOrDefault(t.jobId(), 0L) >= perJobLimit || busyDevices.contains(t.deviceId())) {
                    continue;
                }
                if (lease(t.id(), now, leaseOwner, expires, false)) {
                    claimed.add(t.id());
                    liveByJob.merge(t.jobId(), 1L, Long::sum);
                    busyDevices.add(t.deviceId());
                }
            }
            Map<String, Job> jobs = new HashMap<>();
            List<ClaimedTarget> out = new ArrayList<>(claimed.size());
            for (String id : claimed) {
                JobTarget t = target(id).orElseThrow();
                Job job = jobs.computeIfAbsent(t.jobId(), jid -> job(jid).orElseThrow());
                out.add(new ClaimedTarget(job, t));
            }
            return out;
        });
    }

    @Override
    public Optional<ClaimedTarget> claim(String targetId, Instant now, String leaseOwner, Duration leaseDuration) {
        checkLease(leaseOwner, leaseDuration);
        return jdbc.inTransaction(() -> {
            if (!lease(targetId, now, leaseOwner, now.plus(leaseDuration), true)) {
                return Optional.<ClaimedTarget>empty();
            }
            JobTarget t = target(targetId).orElseThrow();
            return Optional.of(new ClaimedTarget(job(t.jobId()).orElseThrow(), t));
        });
    }

    /** The conditional UPDATE that makes a claim exclusive. */
    private boolean lease(String targetId, Instant now, String owner, Instant expires, boolean ignoreDueTime) {
        String pending = ignoreDueTime ? "t.state = 'PENDING'" : "(t.state = 'PENDING' AND t.next_attempt_at <= ?)";
        String sql = "UPDATE job_targets t SET state = 'DELIVERING', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1,"
                + " updated_at = ? WHERE t.id = ? AND (" + pending + " OR (t.state = 'DELIVERING' AND t.lease_expires_at <= ?))";
        Object[] args = ignoreDueTime
                ? new Object[] {owner, expires, now, targetId, now}
                : new Object[] {owner, expires, now, targetId, now, now};
        return jdbc.update(sql, args) == 1;
    }

    @Override
    public boolean renewLease(String targetId, String leaseOwner, Instant now, Duration leaseDuration) {
        checkLease(leaseOwner, leaseDuration);
        return jdbc.update("UPDATE job_targets SET lease_expires_at = ?, updated_at = ? WHERE id = ? AND state = 'DELIVERING'"
                + " AND lease_owner = ?", now.plus(leaseDuration), now, targetId, leaseOwner) == 1;
    }

    @Override
    public boolean complete(String targetId, TargetState state, String detail) {
        Checks.notNull("state", state);
        if (!state.isFinal()) {
            throw new IllegalArgumentException("complete() needs a final state (SUCCEEDED, ROLLED_BACK, FAILED), got " + state);
        }
        return jdbc.update("UPDATE job_targets SET state = ?, detail = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?"
                + " WHERE id = ? AND state IN ('PENDING', 'DELIVERING')", state, truncate(detail), clock.instant(), targetId) == 1;
    }

    @Override
    public boolean reschedule(String targetId, Instant nextAttemptAt, String error) {
        Checks.notNull("next attempt time", nextAttemptAt);
        return jdbc.update("UPDATE job_targets SET state = 'PENDING', next_attempt_at = ?, last_error = ?, lease_owner = NULL,"
                + " lease_expires_at = NULL, updated_at = ? WHERE id = ? AND state IN ('PENDING', 'DELIVERING')", nextAttemptAt,
                truncate(error), clock.instant(), targetId) == 1;
    }

    @Override
    public boolean defer(String targetId, Instant nextAttemptAt, String reason) {
        Checks.notNull("next attempt time", nextAttemptAt);
        // SET expressions see the row as it was, so the CASE undoes the attempt counted by the claim.
        return jdbc.update("UPDATE job_targets SET attempts = CASE WHEN state = 'DELIVERING' AND attempts > 0 THEN attempts - 1"
                + " ELSE attempts END, state = 'PENDING', next_attempt_at = ?, last_error = ?, lease_owner = NULL,"
                + " lease_expires_at = NULL, updated_at = ? WHERE id = ? AND state IN ('PENDING', 'DELIVERING')", nextAttemptAt,
                truncate(reason), clock.instant(), targetId) == 1;
    }

    @Override
    public long reserveSequence(String targetId) {
        return jdbc.inTransaction(() -> {
            JobTarget t = target(targetId).orElseThrow(() -> new NotFoundException("no job target " + targetId));
            if (t.envelopeSequence() != null) {
                return t.envelopeSequence();
            }
            long seq = sequences.next(t.endpoint());
            if (jdbc.update("UPDATE job_targets SET envelope_sequence = ? WHERE id = ? AND envelope_sequence IS NULL", seq, targetId) == 1) {
                return seq;
            }
            return target(targetId).orElseThrow().envelopeSequence();
        });
    }

    @Override
    public Optional<JobTarget> target(String targetId) {
        return jdbc.queryOne(SELECT_TARGET + " WHERE t.id = ?", TARGET, targetId);
    }

    @Override
    public Optional<Job> job(String jobId) {
        return jdbc.queryOne("SELECT * FROM jobs WHERE id = ?", JOB, jobId);
    }

    @Override
    public List<JobTarget> pendingTargetsForDevice(String deviceId) {
        return jdbc.query(SELECT_TARGET + " WHERE t.device_id = ? AND t.state IN ('PENDING', 'DELIVERING')"
                + " ORDER BY t.next_attempt_at, t.id", TARGET, deviceId);
    }

    private static void checkLease(String owner, Duration duration) {
        Checks.text("lease owner", owner, 200);
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("lease duration must be positive");
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
