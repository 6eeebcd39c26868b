package org.m2mdm.server.usim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.server.jobs.JobType;
import org.m2mdm.server.lwm2m.Eventually;
import org.m2mdm.server.lwm2m.OperatorSide;
import org.m2mdm.server.lwm2m.ServerRole;
import org.m2mdm.server.lwm2m.TestTerminal;
import org.m2mdm.server.store.AuditEvent;
import org.m2mdm.server.store.Job;
import org.m2mdm.server.store.JobTarget;
import org.m2mdm.server.store.NewUsimCredentialSet;
import org.m2mdm.server.store.TargetState;
import org.m2mdm.server.store.UsimCredentialSet;
import org.m2mdm.server.store.UsimSecret;
import org.m2mdm.usim.Iccid;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UsimProfileJobTest {
    private static final OperatorSide.Pki PKI = new OperatorSide.Pki();
    private static final String PLMN = "001-01";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private OperatorSide start(OperatorSide.Ports ports) {
        OperatorSide op = new OperatorSide(dataDir, PKI, ports);
        open.add(op);
        return op;
    }

    private static String initialIccid(int n) {
        return Iccid.withCheckDigit("898800000000000" + String.format("%03d", n)).digits();
    }

    private static List<UsimCredentialSet> pool(OperatorSide op, int first, int count) {
        List<UsimCredentialSet> sets = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            byte[] k = new byte[16];
            byte[] opc = new byte[16];
            RANDOM.nextBytes(k);
            RANDOM.nextBytes(opc);
            String imsi = "00101" + String.format("%010d", i);
            String iccid = Iccid.withCheckDigit("890101000000000" + String.format("%03d", i)).digits();
            sets.add(op.stores.usimCredentials().create(op.tenant.id(),
                    new NewUsimCredentialSet(imsi, iccid, new UsimSecret(k, opc), "MILENAGE", 0x8000, PLMN)));
        }
        return sets;
    }

    private TestTerminal terminal(OperatorSide op, DeviceIdentity id, int n) {
        TestTerminal t = op.terminal(id, initialIccid(n));
        open.add(t);
        return t;
    }

    private static void awaitRegistered(OperatorSide op, String endpoint) {
        Eventually.await(Duration.ofSeconds(30), () -> op.directory.isRegistered(endpoint, ServerRole.USIM),
                () -> endpoint + " registered");
    }

    private static Job job(OperatorSide op, String spec, List<String> endpoints) {
        List<String> ids = endpoints.stream().map(op::deviceId).toList();
        Job job = op.stores.jobs().createJob(op.tenant.id(), JobType.INSTALL_USIM_PROFILE_AND_SWITCH.name(), spec,
                ids, "test");
        op.engine.pollSoon();
        return job;
    }

    private static void awaitFinal(OperatorSide op, Job job, int count) {
        Eventually.await(Duration.ofSeconds(60), () -> {
            Map<TargetState, Long> c = op.stores.jobs().countsByState(op.tenant.id(), job.id());
            return c.get(TargetState.SUCCEEDED) + c.get(TargetState.FAILED) + c.get(TargetState.ROLLED_BACK) == count;
        }, () -> "job " + job.id() + " final: " + op.stores.jobs().targets(op.tenant.id(), job.id()));
    }

    private static String assignedIccid(OperatorSide op, String endpoint) {
        return op.stores.usimCredentials().forDevice(op.tenant.id(), op.deviceId(endpoint)).get(0).iccid();
    }

    @Test
    void installsAndSwitchesAProfileFromThePoolOnSeveralDevices() {
        OperatorSide op = start(new OperatorSide.Ports());
        pool(op, 1, 3);
        List<String> endpoints = List.of("urn:imei:351000000000001", "urn:imei:351000000000002",
                "urn:imei:351000000000003");
        List<TestTerminal> terminals = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            TestTerminal t = terminal(op, op.addDevice(endpoints.get(i)), i);
            t.start();
            terminals.add(t);
        }
        endpoints.forEach(ep -> awaitRegistered(op, ep));

        Job job = job(op, "{\"operatorPlmn\":\"" + PLMN + "\"}", endpoints);
        awaitFinal(op, job, 3);

        assertThat(op.stores.jobs().countsByState(op.tenant.id(), job.id()).get(TargetState.SUCCEEDED)).isEqualTo(3);
        for (int i = 0; i < endpoints.size(); i++) {
            TestTerminal t = terminals.get(i);
            String iccid = assignedIccid(op, endpoints.get(i));
            assertThat(t.activeIccid()).isEqualTo(iccid);
            assertThat(t.iccids()).containsExactly(iccid, initialIccid(i));
            assertThat(t.acceptedEnvelopes.get()).isEqualTo(1);
            assertThat(t.switches).containsExactly(iccid);
            assertThat(t.rejections).isEmpty();
        }
        // three different sets, one per device
        assertThat(endpoints.stream().map(ep -> assignedIccid(op, ep)).distinct()).hasSize(3);
        // the engine audits right after the state change: wait for the records too
        Eventually.await(Duration.ofSeconds(10), () -> op.stores.audit().list(op.tenant.id(), 200).stream()
                .filter(e -> e.action().equals("job.target.succeeded")).count() == 3, () -> "3 audited successes");
        List<AuditEvent> audit = op.stores.audit().list(op.tenant.id(), 200);
        assertThat(audit).filteredOn(e -> e.action().equals("job.target.succeeded")).hasSize(3);
        assertThat(audit).filteredOn(e -> e.action().equals("job.target.delivering")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(audit).allSatisfy(e -> assertThat(e.detail()).doesNotContainIgnoringCase("opc"));
    }

    @Test
    void reportsRolledBackWhenTheDeviceReturnsToItsPreviousProfile() {
        OperatorSide op = start(new OperatorSide.Ports());
        UsimCredentialSet set = pool(op, 10, 1).get(0);
        String ep = "urn:imei:351000000000010";
        TestTerminal t = terminal(op, op.addDevice(ep), 10);
        t.rollBackIccids.add(set.iccid());
        t.start();
        awaitRegistered(op, ep);

        Job job = job(op, "{\"credentialSetId\":\"" + set.id() + "\"}", List.of(ep));
        awaitFinal(op, job, 1);

        JobTarget target = op.stores.jobs().targets(op.tenant.id(), job.id()).get(0);
        assertThat(target.state()).isEqualTo(TargetState.ROLLED_BACK);
        assertThat(t.activeIccid()).isEqualTo(initialIccid(10));
        assertThat(t.switches).containsExactly("rolled-back:" + set.iccid());
    }

    @Test
    void deliversToAnOfflineDeviceWhenItRegisters() {
        OperatorSide op = start(new OperatorSide.Ports());
        pool(op, 20, 1);
        String ep = "urn:imei:351000000000020";
        DeviceIdentity id = op.addDevice(ep);

        Job job = job(op, "{\"operatorPlmn\":\"" + PLMN + "\"}", List.of(ep));
        // the engine looked at it, found the device offline and parked the target
        Eventually.await(Duration.ofSeconds(20),
                () -> op.stores.audit().list(op.tenant.id(), 50).stream()
                        .anyMatch(e -> e.action().equals("job.target.waiting")),
                () -> "target parked: " + op.stores.jobs().targets(op.tenant.id(), job.id()));
        assertThat(op.stores.jobs().targets(op.tenant.id(), job.id()).get(0).state())
                .isEqualTo(TargetState.PENDING);

        TestTerminal t = terminal(op, id, 20);
        t.start();
        awaitFinal(op, job, 1);

        assertThat(op.stores.jobs().targets(op.tenant.id(), job.id()).get(0).state())
                .isEqualTo(TargetState.SUCCEEDED);
        assertThat(t.activeIccid()).isEqualTo(assignedIccid(op, ep));
        assertThat(t.acceptedEnvelopes.get()).isEqualTo(1);
    }

    @Test
    void aRestartInTheMiddleOfAJobEndsWithEveryTargetDoneExactlyOnce() throws Exception {
        OperatorSide.Ports ports = new OperatorSide.Ports();
        OperatorSide op = start(ports);
        pool(op, 30, 3);
        List<String> endpoints = List.of("urn:imei:351000000000030", "urn:imei:351000000000031",
                "urn:imei:351000000000032");
        List<TestTerminal> terminals = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            TestTerminal t = terminal(op, op.addDevice(endpoints.get(i)), 30 + i);
            t.switchDelay = Duration.ofSeconds(2); // the switch is still running when the server stops
            t.start();
            terminals.add(t);
        }
        endpoints.forEach(ep -> awaitRegistered(op, ep));

        Job job = job(op, "{\"operatorPlmn\":\"" + PLMN + "\"}", endpoints);
        Eventually.await(Duration.ofSeconds(30), () -> terminals.stream().anyMatch(t -> t.acceptedEnvelopes.get() > 0),
                () -> "a first envelope delivered");
        assertThat(op.stores.jobs().countsByState(op.tenant.id(), job.id()).get(TargetState.SUCCEEDED))
                .as("stopped in the middle").isLessThan(3);

        // stop: engine, AAS, LwM2M server and database; then start again on the same data directory and ports
        open.remove(op);
        op.close();
        OperatorSide again = start(ports);
        // devices notice at their next update (triggered here instead of waiting for the lifetime)
        terminals.forEach(t -> t.client.triggerRegistrationUpdate());
        awaitFinal(again, job, 3);

        assertThat(again.stores.jobs().countsByState(again.tenant.id(), job.id()).get(TargetState.SUCCEEDED))
                .isEqualTo(3);
        for (int i = 0; i < endpoints.size(); i++) {
            TestTerminal t = terminals.get(i);
            String iccid = assignedIccid(again, endpoints.get(i));
            assertThat(t.acceptedEnvelopes.get()).as("envelopes accepted by " + endpoints.get(i)).isEqualTo(1);
            JobTarget target = again.stores.jobs().targets(again.tenant.id(), job.id()).stream()
                    .filter(x -> x.endpoint().equals(t.identity.endpoint())).findFirst().orElseThrow();
            assertThat(t.acceptedSequences).containsExactly(target.envelopeSequence());
            assertThat(t.switches).as("switches of " + endpoints.get(i)).containsExactly(iccid);
            assertThat(t.activeIccid()).isEqualTo(iccid);
        }
    }

    @Test
    void aRetryAfterALostAnswerResendsTheSameSequenceAndTheDeviceAcceptsItOnce() {
        OperatorSide op = start(new OperatorSide.Ports());
        UsimCredentialSet set = pool(op, 40, 1).get(0);
        String ep = "urn:imei:351000000000040";
        TestTerminal t = terminal(op, op.addDevice(ep), 40);
        t.stalledInstalls.set(1); // envelope accepted, then the install's answer is lost
        t.start();
        awaitRegistered(op, ep);

        Job job = job(op, "{\"credentialSetId\":\"" + set.id() + "\"}", List.of(ep));
        awaitFinal(op, job, 1);

        JobTarget target = op.stores.jobs().targets(op.tenant.id(), job.id()).get(0);
        assertThat(target.state()).as(target.detail()).isEqualTo(TargetState.SUCCEEDED);
        assertThat(target.attempts()).isGreaterThanOrEqualTo(2);
        // the retry re-sent the reserved sequence: refused as a replay, the first copy was installed
        assertThat(t.acceptedSequences).containsExactly(target.envelopeSequence());
        assertThat(t.rejections).containsExactly("REPLAYED");
        assertThat(t.switches).containsExactly(set.iccid());
        // installed in this device: no longer in the pool
        assertThat(op.stores.usimCredentials().find(op.tenant.id(), set.id()).orElseThrow().assignedDeviceId())
                .isEqualTo(op.deviceId(ep));
    }
}
