package org.m2mdm.server.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.m2mdm.server.lwm2m.DeviceUnreachableException;
import org.m2mdm.server.lwm2m.RegistrationDirectory;
import org.m2mdm.server.store.AuditEvent;
import org.m2mdm.server.store.AuditLog;
import org.m2mdm.server.store.ClaimedTarget;
import org.m2mdm.server.store.DeviceStore;
import org.m2mdm.server.store.JobStore;
import org.m2mdm.server.store.JobTarget;
import org.m2mdm.server.store.TargetState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs durable jobs from the {@link JobStore}: polls for due targets, runs each with the {@link JobHandler} of its
 * job type under a global and a per-job concurrency bound, retries transient failures with exponential back-off,
 * parks targets of offline devices until they register again ({@link #deviceOnline(String)}), and records every
 * transition in the {@link AuditLog}. Targets are claimed with a lease that is renewed while they run, so if this
 * process dies another one (or this one after a restart) picks them up once the lease has expired.
 */
public final class JobEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);
    private static final int MAX_DETAIL = 500;

    private final JobStore jobs;
    private final AuditLog audit;
    private final Map<JobType, JobHandler> handlers;
    private final Clock clock;
    private final String owner;
    private final Duration pollInterval;
    private final Duration lease;
    private final int globalLimit;
    private final int perJobLimit;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration offlineRecheck;

    private final Semaphore permits;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> runningJobs = new ConcurrentHashMap<>();
    private final AtomicBoolean pollRequested = new AtomicBoolean();
    private final AtomicInteger completedCount = new AtomicInteger();
    private ScheduledExecutorService scheduler;
    private ExecutorService workers;
    private volatile boolean started;

    private JobEngine(Builder b) {
        this.jobs = Objects.requireNonNull(b.jobs, "jobStore");
        this.audit = Objects.requireNonNull(b.audit, "auditLog");
        this.handlers = Map.copyOf(b.handlers);
        this.clock = b.clock;
        this.owner = b.owner != null ? b.owner : "engine-" + UUID.randomUUID().toString().substring(0, 8);
        this.pollInterval = b.pollInterval;
        this.lease = b.lease;
        this.globalLimit = b.globalLimit;
        this.perJobLimit = b.perJobLimit;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.offlineRecheck = b.offlineRecheck;
        this.permits = new Semaphore(globalLimit);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This engine's lease owner name (unique per process start). */
    public String owner() {
        return owner;
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        AtomicInteger n = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "job-engine-" + owner + "-sched-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers = Executors.newFixedThreadPool(globalLimit, r -> {
            Thread t = new Thread(r, "job-engine-" + owner + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::pollSafely, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops claiming and interrupts running handlers; their targets are picked up again after the lease. */
    @Override
    public synchronized void close() {
        if (!started) {
            return;
        }
        started = false;
        scheduler.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks for a poll now instead of at the next interval (e.g. after the API created a job). */
    public void pollSoon() {
        if (started && pollRequested.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    pollRequested.set(false);
                    pollSafely();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pollRequested.set(false);
            }
        }
    }

    /**
     * A device registered or updated: its pending targets (parked because it was offline or asleep) become due now.
     */
    public void deviceOnline(String deviceId) {
        if (!started) {
            return;
        }
        List<JobTarget> open = jobs.pendingTargetsForDevice(deviceId); // oldest first
        // one command at a time per device, in order: run the oldest now only if nothing is delivering to it
        boolean busy = open.stream().anyMatch(t -> t.state() == TargetState.DELIVERING);
        for (JobTarget t : open) {
            if (t.state() != TargetState.PENDING || running.contains(t.id())) {
                continue;
            }
            // claim() is atomic (only a PENDING target is taken), so a concurrent poll cannot run it twice
            Optional<ClaimedTarget> claimed = jobs.claim(t.id(), clock.instant(), owner, lease);
            if (claimed.isEmpty()) {
                continue;
            }
            ClaimedTarget c = claimed.get();
            if (busy || perJobRunning(c.job().id()) >= perJobLimit || !permits.tryAcquire()) {
                // we own it now, so it is safe to hand it back as due immediately; the poll keeps the order
                jobs.defer(t.id(), clock.instant(), t.lastError());
                continue;
            }
            busy = true;
            submit(c);
        }
        pollSoon();
    }

    /**
     * Wakes the targets of every device that registers or updates with a management server of the directory.
     * The database work runs on the engine's thread, not on Leshan's.
     */
    public void listenTo(RegistrationDirectory directory, DeviceStore devices) {
        directory.onOnline((endpoint, role) -> {
            if (!started) {
                return;
            }
            try {
                scheduler.execute(() -> {
                    try {
                        devices.locate(endpoint).ifPresent(d -> deviceOnline(d.id()));
                    } catch (RuntimeException e) {
                        LOG.warn("wake-up of {} failed: {}", endpoint, e.toString());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        });
    }

    /** Number of targets this engine brought to a final state since start (for tests and metrics). */
    public int completed() {
        return completedCount.get();
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("job poll failed: {}", e.toString());
        }
    }

    private synchronized void poll() {
        if (!started) {
            return;
        }
        int free = permits.availablePermits();
        if (free <= 0) {
            return;
        }
        List<ClaimedTarget> claimed = jobs.claimDue(clock.instant(), free, perJobLimit, owner, lease);
        for (ClaimedTarget c : claimed) {
            if (!permits.tryAcquire()) {
                // a device wake-up took permits since we counted: hand it back as due now
                jobs.defer(c.target().id(), clock.instant(), c.target().lastError());
                continue;
            }
            submit(c);
        }
    }

    /** Runs a claimed target for which a permit is held. */
    private void submit(ClaimedTarget c) {
        running.add(c.target().id());
        runningJobs.merge(c.job().id(), 1, Integer::sum);
        try {
            workers.execute(() -> run(c));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done(c);
        }
    }

    private void done(ClaimedTarget c) {
        running.remove(c.target().id());
        runningJobs.computeIfPresent(c.job().id(), (k, v) -> v <= 1 ? null : v - 1);
        permits.release();
    }

    private int perJobRunning(String jobId) {
        return runningJobs.getOrDefault(jobId, 0);
    }

    private void run(ClaimedTarget c) {
        JobTarget t = c.target();
        ScheduledFuture<?> renewal = scheduler.scheduleWithFixedDelay(
                () -> renew(t.id()), lease.toMillis() / 3, lease.toMillis() / 3, TimeUnit.MILLISECONDS);
        try {
            record(c, "job.target.delivering", "DELIVERING", "attempt " + t.attempts() + " by " + owner);
            JobOutcome outcome = execute(c);
            apply(c, outcome);
        } catch (RuntimeException e) {
            LOG.warn("job target {} could not be processed: {}", t.id(), e.toString());
        } finally {
            renewal.cancel(false);
            done(c);
            pollSoon();
        }
    }

    private void renew(String targetId) {
        try {
            if (!jobs.renewLease(targetId, owner, clock.instant(), lease)) {
                LOG.warn("lease on job target {} lost", targetId);
            }
        } catch (RuntimeException e) {
            LOG.warn("lease renewal of {} failed: {}", targetId, e.toString());
        }
    }

    private JobOutcome execute(ClaimedTarget c) {
        JobType type;
        try {
            type = JobType.parse(c.job().type());
        } catch (IllegalArgumentException e) {
            return JobOutcome.failed(e.getMessage());
        }
        JobHandler handler = handlers.get(type);
        if (handler == null) {
            // this node does not run that role (switched off): leave it for a node that does
            return JobOutcome.waitForDevice("no handler for " + type + " on " + owner);
        }
        try {
            return handler.execute(new JobExecution(c.job(), c.target(), jobs));
        } catch (DeviceUnreachableException e) {
            return e.waitForDevice() ? JobOutcome.waitForDevice(e.getMessage()) : JobOutcome.retry(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // shutting down: leave the target DELIVERING; its lease expires and it is claimed again
            return null;
        } catch (IllegalArgumentException e) {
            return JobOutcome.failed("invalid job: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("handler {} failed on target {}", type, c.target().id(), e);
            return JobOutcome.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void apply(ClaimedTarget c, JobOutcome outcome) {
        if (outcome == null) {
            return;
        }
        JobTarget t = c.target();
        String detail = clip(outcome.detail());
        Instant now = clock.instant();
        TargetState fin = outcome.finalState();
        if (fin != null) {
            finish(c, fin, detail);
        } else if (outcome instanceof JobOutcome.WaitForDevice) {
            // not an attempt: an offline device must not use up the retries of a real failure
            if (jobs.defer(t.id(), now.plus(offlineRecheck), detail)) {
                record(c, "job.target.waiting", "PENDING", detail);
            }
        } else {
            if (t.attempts() >= maxAttempts) {
                finish(c, TargetState.FAILED, clip("gave up after " + t.attempts() + " attempts: " + detail));
            } else {
                Duration delay = backoff(t.attempts());
                if (jobs.reschedule(t.id(), now.plus(delay), detail)) {
                    record(c, "job.target.retry", "PENDING", "retry in " + delay.toMillis() + " ms: " + detail);
                }
            }
        }
    }

    private void finish(ClaimedTarget c, TargetState state, String detail) {
        if (jobs.complete(c.target().id(), state, detail)) {
            completedCount.incrementAndGet();
            record(c, "job.target." + state.name().toLowerCase(java.util.Locale.ROOT), state.name(), detail);
        } else {
            LOG.warn("job target {} was already final; {} not recorded", c.target().id(), state);
        }
    }

    /** Exponential back-off with jitter: initial × 2^(attempt-1), capped. */
    Duration backoff(int attempts) {
        long base = initialBackoff.toMillis();
        long ms = base << Math.min(Math.max(attempts - 1, 0), 20);
        ms = Math.min(ms, maxBackoff.toMillis());
        long jitter = ms / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(ms / 5);
        return Duration.ofMillis(ms - jitter);
    }

    private void record(ClaimedTarget c, String action, String outcome, String detail) {
        try {
            audit.record(new AuditEvent("engine:" + owner, c.job().tenantId(), action, "job:" + c.job().id(),
                    outcome, clip("target " + c.target().id() + " device " + c.target().endpoint() + ": " + detail),
                    clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("audit of {} failed: {}", action, e.toString());
        }
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL - 1) + "…";
    }

    /** Engine options; defaults: poll every second, 16 global, 4 per job, 60 s lease, 5 attempts. */
    public static final class Builder {
        private JobStore jobs;
        private AuditLog audit;
        private final Map<JobType, JobHandler> handlers = new EnumMap<>(JobType.class);
        private Clock clock = Clock.systemUTC();
        private String owner;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration lease = Duration.ofSeconds(60);
        private int globalLimit = 16;
        private int perJobLimit = 4;
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofSeconds(2);
        private Duration maxBackoff = Duration.ofMinutes(5);
        private Duration offlineRecheck = Duration.ofMinutes(10);

        public Builder jobStore(JobStore jobs) {
            this.jobs = jobs;
            return this;
        }

        public Builder auditLog(AuditLog audit) {
            this.audit = audit;
            return this;
        }

        /** Adds the handler of its job type (a later one for the same type replaces it). */
        public Builder handler(JobHandler handler) {
            handlers.put(handler.type(), handler);
            return this;
        }

        public Builder handlers(List<? extends JobHandler> list) {
            list.forEach(this::handler);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Lease owner name; default a random one per start so a restarted node never reuses a dead lease. */
        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder pollInterval(Duration d) {
            this.pollInterval = positive(d, "pollInterval");
            return this;
        }

        /** How long a claimed target stays ours without renewal; renewed every third of it while running. */
        public Builder lease(Duration d) {
            this.lease = positive(d, "lease");
            return this;
        }

        public Builder globalConcurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("globalConcurrency must be >= 1");
            }
            this.globalLimit = n;
            return this;
        }

        public Builder perJobConcurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("perJobConcurrency must be >= 1");
            }
            this.perJobLimit = n;
            return this;
        }

        /** Attempts (claims) after which a target that keeps failing transiently is FAILED. */
        public Builder maxAttempts(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1");
            }
            this.maxAttempts = n;
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = positive(initial, "initial backoff");
            this.maxBackoff = positive(max, "max backoff");
            return this;
        }

        /** When a parked target of an offline device is looked at again even without a registration. */
        public Builder offlineRecheck(Duration d) {
            this.offlineRecheck = positive(d, "offlineRecheck");
            return this;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }

        public JobEngine build() {
            return new JobEngine(this);
        }
    }
}
