package org.m2mdm.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.server.lwm2m.DeviceUnreachableException;
import org.m2mdm.server.lwm2m.Eventually;
import org.m2mdm.server.store.AuditEvent;
import org.m2mdm.server.store.Job;
import org.m2mdm.server.store.JobTarget;
import org.m2mdm.server.store.NewDevice;
import org.m2mdm.server.store.Stores;
import org.m2mdm.server.store.TargetState;
import org.m2mdm.server.store.Tenant;

/** The engine over the real store, with stand-in handlers (the LwM2M handlers are tested with real devices). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobEngineTest {
    @TempDir
    Path dataDir;

    private Stores stores;
    private Tenant tenant;
    private JobEngine engine;

    @BeforeEach
    void open() {
        stores = Stores.open(dataDir);
        tenant = stores.tenants().create("t");
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        stores.close();
    }

    private List<String> devices(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(stores.devices().create(tenant.id(), new NewDevice("urn:dev:" + i, null, null, Set.of())).id());
        }
        return ids;
    }

    private JobEngine.Builder engine(JobHandler handler) {
        return JobEngine.builder().jobStore(stores.jobs()).auditLog(stores.audit()).handler(handler)
                .pollInterval(Duration.ofMillis(100)).lease(Duration.ofSeconds(3))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200)).offlineRecheck(Duration.ofMinutes(5));
    }

    private Job job(JobType type, List<String> deviceIds) {
        return stores.jobs().createJob(tenant.id(), type.name(), "{\"path\":\"/3/0\"}", deviceIds, "test");
    }

    private void awaitAllFinal(Job job) {
        Eventually.await(Duration.ofSeconds(30), () -> stores.jobs().targets(tenant.id(), job.id()).stream()
                .allMatch(t -> t.state().isFinal()), () -> "all final: " + stores.jobs().targets(tenant.id(), job.id()));
    }

    @Test
    void neverRunsMoreTargetsOfAJobAtOnceThanThePerJobBound() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        engine = engine(JobHandler.of(JobType.LWM2M_READ, ex -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(150);
            running.decrementAndGet();
            return JobOutcome.succeeded("read");
        })).perJobConcurrency(2).globalConcurrency(8).build();
        engine.start();
        Job job = job(JobType.LWM2M_READ, devices(6));
        engine.pollSoon();
        awaitAllFinal(job);

        assertThat(stores.jobs().countsByState(tenant.id(), job.id()).get(TargetState.SUCCEEDED)).isEqualTo(6);
        assertThat(peak.get()).isBetween(1, 2);
    }

    @Test
    void retriesTransientFailuresWithBackoffAndGivesUpAfterTheAttemptLimit() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        engine = engine(JobHandler.of(JobType.LWM2M_READ, ex -> {
            runs.computeIfAbsent(ex.target().id(), k -> new AtomicInteger()).incrementAndGet();
            return JobOutcome.retry("device busy");
        })).maxAttempts(3).build();
        engine.start();
        Job job = job(JobType.LWM2M_READ, devices(1));
        awaitAllFinal(job);

        JobTarget t = stores.jobs().targets(tenant.id(), job.id()).get(0);
        assertThat(t.state()).isEqualTo(TargetState.FAILED);
        assertThat(t.detail()).contains("gave up after 3 attempts").contains("device busy");
        assertThat(runs.get(t.id()).get()).isEqualTo(3);
        // audited right after the state change
        Eventually.await(Duration.ofSeconds(10), () -> stores.audit().list(tenant.id(), 50).stream()
                .anyMatch(e -> e.action().equals("job.target.failed")), () -> "failure audited");
        List<AuditEvent> audit = stores.audit().list(tenant.id(), 50);
        assertThat(audit).filteredOn(e -> e.action().equals("job.target.retry")).hasSize(2);
        assertThat(audit).filteredOn(e -> e.action().equals("job.target.failed")).hasSize(1);
    }

    @Test
    void parksTargetsOfOfflineDevicesUntilTheDeviceComesOnline() {
        Set<String> online = ConcurrentHashMap.newKeySet();
        engine = engine(JobHandler.of(JobType.LWM2M_READ, ex -> {
            if (!online.contains(ex.target().deviceId())) {
                throw new DeviceUnreachableException(ex.endpoint() + " is not registered", false);
            }
            return JobOutcome.succeeded("read");
        })).build();
        engine.start();
        List<String> ids = devices(1);
        Job job = job(JobType.LWM2M_READ, ids);
        Eventually.await(Duration.ofSeconds(10), () -> stores.audit().list(tenant.id(), 20).stream()
                .anyMatch(e -> e.action().equals("job.target.waiting")), () -> "parked");
        assertThat(stores.jobs().targets(tenant.id(), job.id()).get(0).state()).isEqualTo(TargetState.PENDING);

        online.add(ids.get(0));
        engine.deviceOnline(ids.get(0)); // what a registration does
        awaitAllFinal(job);
        assertThat(stores.jobs().targets(tenant.id(), job.id()).get(0).state()).isEqualTo(TargetState.SUCCEEDED);
    }

    @Test
    void commandsQueuedForAnOfflineDeviceRunOneAtATimeInOrderWhenItComesOnline() {
        Set<String> online = ConcurrentHashMap.newKeySet();
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        engine = engine(JobHandler.of(JobType.LWM2M_READ, ex -> {
            if (!online.contains(ex.target().deviceId())) {
                throw new DeviceUnreachableException(ex.endpoint() + " is not registered", false);
            }
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(100);
            order.add(ex.job().id());
            running.decrementAndGet();
            return JobOutcome.succeeded("read");
        })).build();
        engine.start();
        List<String> ids = devices(1);
        Job first = job(JobType.LWM2M_READ, ids);
        Job second = job(JobType.LWM2M_READ, ids);
        Eventually.await(Duration.ofSeconds(10), () -> stores.audit().list(tenant.id(), 20).stream()
                .filter(e -> e.action().equals("job.target.waiting")).count() >= 2, () -> "both parked");

        online.add(ids.get(0));
        engine.deviceOnline(ids.get(0));
        awaitAllFinal(first);
        awaitAllFinal(second);
        assertThat(order).containsExactly(first.id(), second.id());
        assertThat(peak.get()).isEqualTo(1);
    }

    @Test
    void failsTargetsWithAnInvalidSpecOrAnUnknownTypeWithoutRetrying() {
        engine = engine(JobHandler.of(JobType.LWM2M_READ, ex -> {
            ex.requiredText("nothere");
            return JobOutcome.succeeded("unreachable");
        })).build();
        engine.start();
        Job bad = job(JobType.LWM2M_READ, devices(1));
        Job unknown = stores.jobs().createJob(tenant.id(), "REFORMAT_DEVICE", "{}",
                List.of(stores.devices().create(tenant.id(), new NewDevice("urn:dev:x", null, null, Set.of())).id()),
                "test");
        awaitAllFinal(bad);
        awaitAllFinal(unknown);
        JobTarget b = stores.jobs().targets(tenant.id(), bad.id()).get(0);
        assertThat(b.state()).isEqualTo(TargetState.FAILED);
        assertThat(b.detail()).contains("'nothere'");
        assertThat(stores.jobs().targets(tenant.id(), unknown.id()).get(0).detail()).contains("unknown job type");
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        JobEngine e = JobEngine.builder().jobStore(stores.jobs()).auditLog(stores.audit())
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)).build();
        assertThat(e.backoff(1).toMillis()).isBetween(800L, 1000L);
        assertThat(e.backoff(3).toMillis()).isBetween(3200L, 4000L);
        assertThat(e.backoff(30).toMillis()).isBetween(8000L, 10000L);
    }
}
