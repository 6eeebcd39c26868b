package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class JobStoreTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant NOW = StoreFixture.T0;
    private static final String SPEC = "{\"profile\":\"p1\"}";

    @TempDir
    Path dir;
    StoreFixture f;
    JobStore jobs;
    Tenant a;
    Tenant b;
    List<String> devices;

    @BeforeEach
    void open() {
        f = StoreFixture.open(dir);
        jobs = f.stores.jobs();
        a = f.tenant("operator-a");
        b = f.tenant("operator-b");
        devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            devices.add(f.device(a.id(), "urn:imei:" + i).id());
        }
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void createsAJobWithOnePendingTargetPerDevice() {
        Job job = jobs.createJob(a.id(), "usim.install", SPEC, devices, "token:t1");

        assertThat(jobs.find(a.id(), job.id())).contains(job);
        assertThat(jobs.targets(a.id(), job.id())).hasSize(4).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TargetState.PENDING);
            assertThat(t.attempts()).isZero();
            assertThat(t.envelopeSequence()).isNull();
        }).extracting(JobTarget::endpoint).containsExactly("urn:imei:0", "urn:imei:1", "urn:imei:2", "urn:imei:3");
        assertThat(jobs.countsByState(a.id(), job.id())).containsEntry(TargetState.PENDING, 4L)
                .containsEntry(TargetState.SUCCEEDED, 0L).hasSize(TargetState.values().length);
    }

    @Test
    void aJobNamingAnotherTenantsDeviceIsRejectedAndNothingIsWritten() {
        String foreign = f.device(b.id(), "urn:imei:b").id();
        List<String> targets = new ArrayList<>(devices);
        targets.add(foreign);
        assertThatThrownBy(() -> jobs.createJob(a.id(), "usim.install", SPEC, targets)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(foreign);
        assertThat(jobs.list(a.id(), 0, 10).total()).isZero();
        assertThat(f.stores.database().jdbc().queryLong("SELECT COUNT(*) FROM job_targets")).isZero();
    }

    @Test
    void rejectsBadJobInput() {
        assertThatThrownBy(() -> jobs.createJob(a.id(), "t", "{not json", devices)).hasMessageContaining("JSON");
        assertThatThrownBy(() -> jobs.createJob(a.id(), "t", SPEC, List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> jobs.createJob(a.id(), "", SPEC, devices)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherTenantCannotSeeTheJob() {
        Job job = jobs.createJob(a.id(), "usim.install", SPEC, devices);
        assertThat(jobs.find(b.id(), job.id())).isEmpty();
        assertThat(jobs.targets(b.id(), job.id())).isEmpty();
        assertThat(jobs.countsByState(b.id(), job.id())).isEmpty();
        assertThat(jobs.list(b.id(), 0, 10).items()).isEmpty();
        assertThat(jobs.list(a.id(), 0, 10).items()).containsExactly(job);
    }

    @Test
    void claimMarksTargetsDeliveringWithALeaseAndCompleteFinishesThem() {
        Job job = jobs.createJob(a.id(), "usim.install", SPEC, devices);

        List<ClaimedTarget> claimed = jobs.claimDue(NOW, 3, "node-1", LEASE);
        assertThat(claimed).hasSize(3).allSatisfy(c -> {
            assertThat(c.job()).isEqualTo(job);
            assertThat(c.target().state()).isEqualTo(TargetState.DELIVERING);
            assertThat(c.target().leaseOwner()).isEqualTo("node-1");
            assertThat(c.target().leaseExpiresAt()).isEqualTo(NOW.plus(LEASE));
            assertThat(c.target().attempts()).isEqualTo(1);
        });
        assertThat(jobs.claimDue(NOW, 10, "node-2", LEASE)).as("only the unclaimed one is left").hasSize(1);

        String first = claimed.get(0).target().id();
        assertThat(jobs.complete(first, TargetState.SUCCEEDED, "switched to 8988...")).isTrue();
        assertThat(jobs.complete(first, TargetState.FAILED, "late")).as("final is final").isFalse();
        assertThat(jobs.complete(claimed.get(1).target().id(), TargetState.ROLLED_BACK, "new USIM did not attach")).isTrue();
        assertThatThrownBy(() -> jobs.complete(first, TargetState.PENDING, "x")).isInstanceOf(IllegalArgumentException.class);

        Map<TargetState, Long> counts = jobs.countsByState(a.id(), job.id());
        assertThat(counts).containsEntry(TargetState.SUCCEEDED, 1L).containsEntry(TargetState.ROLLED_BACK, 1L)
                .containsEntry(TargetState.DELIVERING, 2L).containsEntry(TargetState.PENDING, 0L);
        JobTarget done = jobs.target(first).orElseThrow();
        assertThat(done.detail()).isEqualTo("switched to 8988...");
        assertThat(done.leaseOwner()).isNull();
    }

    @Test
    void anExpiredLeaseIsReclaimedByAnotherNodeButALiveOneIsNot() {
        jobs.createJob(a.id(), "usim.install", SPEC, devices.subList(0, 1));
        JobTarget t = jobs.claimDue(NOW, 10, "node-1", LEASE).get(0).target();

        assertThat(jobs.claimDue(NOW.plusSeconds(29), 10, "node-2", LEASE)).isEmpty();
        assertThat(jobs.claim(t.id(), NOW.plusSeconds(29), "node-2", LEASE)).isEmpty();

        List<ClaimedTarget> again = jobs.claimDue(NOW.plusSeconds(30), 10, "node-2", LEASE);
        assertThat(again).singleElement().satisfies(c -> {
            assertThat(c.target().id()).isEqualTo(t.id());
            assertThat(c.target().leaseOwner()).isEqualTo("node-2");
            assertThat(c.target().attempts()).isEqualTo(2);
        });
        assertThat(jobs.renewLease(t.id(), "node-1", NOW.plusSeconds(31), LEASE)).as("node-1 lost its lease").isFalse();
        assertThat(jobs.renewLease(t.id(), "node-2", NOW.plusSeconds(31), LEASE)).isTrue();
    }

    @Test
    void aRetryReusesTheSameEnvelopeSequenceWhileNewTargetsGetFreshOnes() {
        Job job = jobs.createJob(a.id(), "usim.install", SPEC, devices.subList(0, 1));
        JobTarget t = jobs.claimDue(NOW, 1, "node-1", LEASE).get(0).target();
        long seq = jobs.reserveSequence(t.id());
        assertThat(seq).isEqualTo(1);

        // node-1 dies; node-2 takes over after the lease and must send the same sequence
        JobTarget retried = jobs.claimDue(NOW.plus(LEASE), 1, "node-2", LEASE).get(0).target();
        assertThat(retried.envelopeSequence()).isEqualTo(seq);
        assertThat(jobs.reserveSequence(retried.id())).isEqualTo(seq);
        jobs.complete(retried.id(), TargetState.SUCCEEDED, "ok");

        Job second = jobs.createJob(a.id(), "app.params", "{}", devices.subList(0, 1));
        JobTarget next = jobs.targets(a.id(), second.id()).get(0);
        assertThat(jobs.reserveSequence(next.id())).isEqualTo(2);
        assertThat(jobs.countsByState(a.id(), job.id())).containsEntry(TargetState.SUCCEEDED, 1L);
    }

    @Test
    void rescheduledTargetsComeBackWhenDueWithTheirError() {
        jobs.createJob(a.id(), "usim.install", SPEC, devices.subList(0, 1));
        JobTarget t = jobs.claimDue(NOW, 1, "node-1", LEASE).get(0).target();
        assertThat(jobs.reschedule(t.id(), NOW.plusSeconds(60), "device offline")).isTrue();

        JobTarget pending = jobs.target(t.id()).orElseThrow();
        assertThat(pending.state()).isEqualTo(TargetState.PENDING);
        assertThat(pending.lastError()).isEqualTo("device offline");
        assertThat(pending.nextAttemptAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(pending.leaseOwner()).isNull();

        assertThat(jobs.claimDue(NOW.plusSeconds(59), 10, "node-1", LEASE)).isEmpty();
        assertThat(jobs.pendingTargetsForDevice(devices.get(0))).extracting(JobTarget::id).containsExactly(t.id());
        // the device registers: its target may be claimed at once, ignoring the backoff
        assertThat(jobs.claim(t.id(), NOW.plusSeconds(1), "node-1", LEASE)).hasValueSatisfying(
                c -> assertThat(c.target().attempts()).isEqualTo(2));
        assertThat(jobs.claimDue(NOW.plusSeconds(20), 10, "node-2", LEASE)).as("leased, not due twice").isEmpty();
    }

    @Test
    void deferringDoesNotCountAnAttempt() {
        jobs.createJob(a.id(), "usim.install", SPEC, devices.subList(0, 1));
        JobTarget t = jobs.claimDue(NOW, 1, "node-1", LEASE).get(0).target();
        assertThat(jobs.defer(t.id(), NOW.plusSeconds(5), "device asleep")).isTrue();
        JobTarget deferred = jobs.target(t.id()).orElseThrow();
        assertThat(deferred.attempts()).isZero();
        assertThat(deferred.state()).isEqualTo(TargetState.PENDING);
        assertThat(deferred.lastError()).isEqualTo("device asleep");
        jobs.complete(t.id(), TargetState.FAILED, "gave up");
        assertThat(jobs.defer(t.id(), NOW, "x")).isFalse();
        assertThat(jobs.reschedule(t.id(), NOW, "x")).isFalse();
    }

    @Test
    void concurrencyIsBoundedPerJobAndOneTargetPerDeviceAtATime() {
        Job job1 = jobs.createJob(a.id(), "usim.install", SPEC, devices);
        jobs.createJob(a.id(), "app.params", "{}", devices);

        List<ClaimedTarget> claimed = jobs.claimDue(NOW, 100, 2, "node-1", LEASE);
        // 4 devices, at most one target each in flight; at most 2 per job
        assertThat(claimed).hasSize(4);
        assertThat(claimed).extracting(c -> c.target().deviceId()).doesNotHaveDuplicates();
        assertThat(claimed.stream().filter(c -> c.job().id().equals(job1.id()))).hasSize(2);
        assertThat(jobs.claimDue(NOW, 100, 2, "node-1", LEASE)).isEmpty();
    }

    @Test
    @Timeout(60)
    void concurrentClaimersNeverGetTheSameTarget() throws Exception {
        List<String> many = new ArrayList<>(devices);
        for (int i = 0; i < 36; i++) {
            many.add(f.device(a.id(), "urn:imei:c" + i).id());
        }
        jobs.createJob(a.id(), "usim.install", SPEC, many);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                String owner = "node-" + n;
                results.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int round = 0; round < 30; round++) {
                        for (ClaimedTarget c : jobs.claimDue(NOW, 3, owner, LEASE)) {
                            mine.add(c.target().id());
                        }
                    }
                    return mine;
                }));
            }
            List<String> all = Collections.synchronizedList(new ArrayList<>());
            for (Future<List<String>> r : results) {
                all.addAll(r.get(50, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(40).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void jobsSurviveARestart() {
        Job job = jobs.createJob(a.id(), "usim.install", SPEC, devices);
        JobTarget t = jobs.claimDue(NOW, 1, "node-1", LEASE).get(0).target();
        long seq = jobs.reserveSequence(t.id());
        f.close();

        f = StoreFixture.open(dir);
        JobStore reopened = f.stores.jobs();
        assertThat(reopened.countsByState(a.id(), job.id())).containsEntry(TargetState.DELIVERING, 1L)
                .containsEntry(TargetState.PENDING, 3L);
        List<ClaimedTarget> resumed = reopened.claimDue(NOW.plus(LEASE), 10, "node-1-restarted", LEASE);
        assertThat(resumed).hasSize(4);
        assertThat(resumed).filteredOn(c -> c.target().id().equals(t.id())).singleElement()
                .satisfies(c -> assertThat(c.target().envelopeSequence()).isEqualTo(seq));
    }
}
