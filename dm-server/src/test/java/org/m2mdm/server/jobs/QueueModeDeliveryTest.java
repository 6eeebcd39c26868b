package org.m2mdm.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.server.lwm2m.Eventually;
import org.m2mdm.server.lwm2m.OperatorSide;
import org.m2mdm.server.lwm2m.ServerRole;
import org.m2mdm.server.lwm2m.TestTerminal;
import org.m2mdm.server.store.Job;
import org.m2mdm.server.store.JobTarget;
import org.m2mdm.server.store.TargetState;

/** A device in LwM2M queue mode gets its command at its next update, not by retries against a sleeping device. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueueModeDeliveryTest {
    private static final OperatorSide.Pki PKI = new OperatorSide.Pki();
    private static final String EP = "urn:imei:353000000000001";

    @TempDir
    Path dataDir;

    @Test
    void aSleepingDeviceGetsItsCommandWhenItNextUpdates() {
        try (OperatorSide op = new OperatorSide(dataDir, PKI, new OperatorSide.Ports(), Duration.ofSeconds(1));
                TestTerminal t = op.queueModeTerminal(op.addDevice(EP), "8901010000000000018")) {
            t.start();
            Eventually.await(Duration.ofSeconds(30), () -> op.directory.isRegistered(EP, ServerRole.APPLICATION),
                    () -> "registered");
            assertThat(op.directory.state(EP, ServerRole.APPLICATION).orElseThrow().queueMode()).isTrue();
            Eventually.await(Duration.ofSeconds(10),
                    () -> !op.node.leshan().getPresenceService()
                            .isClientAwake(op.node.registration(EP).orElseThrow()),
                    () -> "device asleep");

            Job job = op.stores.jobs().createJob(op.tenant.id(), JobType.LWM2M_READ.name(), "{\"path\":\"/3/0/0\"}",
                    List.of(op.deviceId(EP)), "test");
            op.engine.pollSoon();
            Eventually.await(Duration.ofSeconds(10), () -> op.stores.audit().list(op.tenant.id(), 50).stream()
                    .anyMatch(e -> e.action().equals("job.target.waiting") && e.detail().contains("sleeping")),
                    () -> "parked while asleep: " + op.stores.jobs().targets(op.tenant.id(), job.id()));
            JobTarget parked = op.stores.jobs().targets(op.tenant.id(), job.id()).get(0);
            assertThat(parked.state()).isEqualTo(TargetState.PENDING);

            t.client.triggerRegistrationUpdate(); // the device wakes up and sends its update
            Eventually.await(Duration.ofSeconds(20),
                    () -> op.stores.jobs().targets(op.tenant.id(), job.id()).get(0).state().isFinal(),
                    () -> "done: " + op.stores.jobs().targets(op.tenant.id(), job.id()));
            JobTarget done = op.stores.jobs().targets(op.tenant.id(), job.id()).get(0);
            assertThat(done.state()).as(done.detail()).isEqualTo(TargetState.SUCCEEDED);
            assertThat(op.stores.devices().locate(EP).orElseThrow().objectTreeJson()).contains("m2mdm-test");
        }
    }
}
