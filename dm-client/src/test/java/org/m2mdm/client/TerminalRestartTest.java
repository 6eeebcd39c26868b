package org.m2mdm.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.m2mdm.client.profiles.Selection;
import org.m2mdm.client.profiles.SwitchFaults;
import org.m2mdm.client.profiles.SwitchStep;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.RspResources;
import org.m2mdm.mo.SimProvisioningResources;
import org.m2mdm.mo.payload.UsimProfilePayload;
import org.m2mdm.usim.Iccid;

/**
 * A whole terminal loses power at a step of a switch started over LwM2M; a new terminal started from
 * the same state directory registers again with exactly one enabled profile that attaches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class TerminalRestartTest {
    final TestBed bed = new TestBed();

    @AfterAll
    void stopServers() {
        bed.close();
    }

    @ParameterizedTest
    @EnumSource(value = SwitchStep.class, names = { "TRIAL_SELECTED", "ATTACHED", "COMMITTED" })
    void restartsFromTheStateDirectoryAfterPowerLoss(SwitchStep step, @TempDir Path dir) throws Exception {
        TestBed.Device d = bed.new Device(dir);
        UsimProfilePayload fresh = bed.newProfile(TestBed.OP_B, false);
        Terminal first = d.terminal().switchFaults(SwitchFaults.powerLossAfter(step)).build();
        try {
            first.start();
            d.awaitRegistration(Duration.ofSeconds(20));
            assertThat(d.send(new WriteRequest(ContentFormat.OPAQUE, ObjectIds.SIM_PROVISIONING, 0,
                    SimProvisioningResources.PROFILE_PACKAGE, d.seal(bed.usimServer, PayloadType.USIM_PROFILE, fresh.encode())))
                    .isSuccess()).isTrue();
            assertThat(d.send(new ExecuteRequest(ObjectIds.RSP, 0, RspResources.RSP_UPDATE, "0,1")).isSuccess()).isTrue();
            awaitJournal(d, step);
        } finally {
            first.stop(); // everything in memory is gone; only the state directory survives
        }

        try (Terminal second = d.terminal().build()) {
            second.start();
            assertThat(second.awaitRegistered(Duration.ofSeconds(20))).isTrue();
            Selection s = second.selection();
            assertThat(s.trial()).isEmpty();
            Iccid expected = step == SwitchStep.COMMITTED ? Iccid.of(fresh.iccid()) : d.factoryProfile.iccid();
            assertThat(s.enabled()).contains(expected);
            assertThat(second.bearer()).isPresent();
            assertThat(second.bearer().get().imsi().digits())
                    .isEqualTo(second.currentProfile().get().imsi().digits());
            assertThat(second.profiles()).hasSize(2);
        }
    }

    /** Waits until the first terminal went through {@code step} (the journal is durable, so it shows). */
    private void awaitJournal(TestBed.Device d, SwitchStep step) throws Exception {
        String marker = switch (step) {
        case TRIAL_SELECTED -> "SWITCH-BEGIN";
        case ATTACHED -> "TRIAL-ATTACHED";
        default -> "COMMIT";
        };
        Path journal = d.stateDir.resolve(StateDirectory.JOURNAL);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (java.nio.file.Files.exists(journal) && java.nio.file.Files.readString(journal).contains(marker)) {
                Thread.sleep(300); // the fault fires right after the journaled step
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("switch never reached " + step);
    }
}
