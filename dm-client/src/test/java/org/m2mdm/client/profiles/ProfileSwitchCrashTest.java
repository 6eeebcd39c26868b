package org.m2mdm.client.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.m2mdm.client.modem.AttachOutcome;
import org.m2mdm.client.modem.Modem;
import org.m2mdm.client.profiles.SwitchFaults.PowerLoss;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Plmn;

/**
 * Cuts power after every durable step of a switch (to a good and to a bad profile), throws all the
 * objects away, restarts from the state directory and checks the terminal ends with exactly one
 * enabled profile, no trial, and an attach that works.
 */
@Timeout(60)
class ProfileSwitchCrashTest {
    static final Plmn OP_A = Plmn.of("001", "01");
    static final Plmn OP_B = Plmn.of("002", "02");

    @TempDir
    Path dir;
    SimulatedNetwork network;
    StoredProfile old;

    @BeforeEach
    void setUp() {
        network = SimulatedNetwork.builder().operator(OP_A, "Op A").operator(OP_B, "Op B").build();
        FileProfileStore store = new FileProfileStore(dir);
        old = TestProfiles.provisioned(network, OP_A, 0);
        store.install(old);
        store.select(Selection.committed(old.iccid(), Optional.of(old.iccid())));
    }

    @AfterEach
    void tearDown() {
        network.close();
    }

    @ParameterizedTest
    @EnumSource(value = SwitchStep.class, names = { "BEGUN", "TRIAL_SELECTED", "ATTACHED", "SERVER_REACHED", "COMMITTED" })
    void powerLossDuringASwitchToAWorkingProfile(SwitchStep step) throws Exception {
        StoredProfile fresh = TestProfiles.provisioned(network, OP_B, 1);
        Iccid enabledAfterRestart = crashAndRestart(fresh, step);
        // Only a committed switch survives; everything before the commit point restores the old profile.
        assertThat(enabledAfterRestart).isEqualTo(step == SwitchStep.COMMITTED ? fresh.iccid() : old.iccid());
    }

    @ParameterizedTest
    @EnumSource(value = SwitchStep.class, names = { "BEGUN", "TRIAL_SELECTED", "ROLLED_BACK" })
    void powerLossDuringASwitchToAProfileTheNetworkRejects(SwitchStep step) throws Exception {
        StoredProfile bad = TestProfiles.unknown(OP_B, 1);
        assertThat(crashAndRestart(bad, step)).isEqualTo(old.iccid());
    }

    private Iccid crashAndRestart(StoredProfile target, SwitchStep step) throws Exception {
        FileProfileStore store = new FileProfileStore(dir);
        store.install(target);
        Modem modem = new Modem(network, store, Clock.systemUTC());
        ProfileSwitch sw = new ProfileSwitch(store, new Journal(dir.resolve("journal.log"), Clock.systemUTC()), modem,
                Duration.ofSeconds(1), SwitchFaults.powerLossAfter(step), n -> Optional.empty());
        assertThat(sw.connect()).isPresent();
        assertThatThrownBy(() -> sw.switchTo(target.iccid())).isInstanceOf(PowerLoss.class);
        modem.close(); // the radio goes down with the power; everything in memory is lost

        FileProfileStore restarted = new FileProfileStore(dir);
        try (Modem modem2 = new Modem(network, restarted, Clock.systemUTC())) {
            ProfileSwitch sw2 = new ProfileSwitch(restarted, new Journal(dir.resolve("journal.log"), Clock.systemUTC()),
                    modem2, Duration.ofSeconds(1), SwitchFaults.NONE, n -> Optional.empty());
            Optional<AttachOutcome.Attached> attached = sw2.connect();
            Selection s = restarted.selection();
            assertThat(s.trial()).as("no trial survives a restart").isEmpty();
            assertThat(s.enabled()).isPresent();
            assertThat(attached).as("the enabled profile attaches").isPresent();
            assertThat(attached.get().profile().iccid()).isEqualTo(s.enabled().get());
            assertThat(restarted.find(old.iccid())).as("the last working profile is never deleted").isPresent();
            return s.enabled().get();
        }
    }
}
