package org.m2mdm.client.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.client.modem.AttachOutcome;
import org.m2mdm.client.modem.Modem;
import org.m2mdm.mo.UsimProfileResources;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.aka.SqnState;
import org.m2mdm.usim.synthetic.Ku;
import org.m2mdm.usim.synthetic.SyntheticCredentials;

@Timeout(30)
class ProfileSwitchTest {
    static final Plmn OP_A = Plmn.of("001", "01");
    static final Plmn OP_B = Plmn.of("002", "02");

    @TempDir
    Path dir;
    SimulatedNetwork network;
    FileProfileStore store;
    Modem modem;
    StoredProfile old;

    @BeforeEach
    void setUp() {
        network = SimulatedNetwork.builder().operator(OP_A, "Op A").operator(OP_B, "Op B").build();
        store = new FileProfileStore(dir);
        old = TestProfiles.provisioned(network, OP_A, 0);
        store.install(old);
        store.select(Selection.committed(old.iccid(), Optional.of(old.iccid())));
        modem = new Modem(network, store, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        modem.close();
        network.close();
    }

    ProfileSwitch newSwitch(ServerReachability reachability) {
        ProfileSwitch s = new ProfileSwitch(store, new Journal(dir.resolve("journal.log"), Clock.systemUTC()), modem,
                Duration.ofSeconds(2), SwitchFaults.NONE, n -> Optional.empty());
        s.setReachability(reachability);
        return s;
    }

    @Test
    void commitsWhenTheNewProfileAttachesAndTheServerAnswers() throws Exception {
        ProfileSwitch sw = newSwitch(ServerReachability.NOT_REQUIRED);
        assertThat(sw.connect()).isPresent();
        StoredProfile fresh = TestProfiles.provisioned(network, OP_B, 1);
        store.install(fresh);

        SwitchOutcome outcome = sw.switchTo(fresh.iccid());

        assertThat(outcome.committed()).isTrue();
        assertThat(store.selection().enabled()).contains(fresh.iccid());
        assertThat(store.selection().trial()).isEmpty();
        assertThat(modem.attachedProfile().map(StoredProfile::iccid)).contains(fresh.iccid());
        assertThat(store.sqnState(fresh.iccid())).as("SQN state persisted after AKA").isNotEqualTo(SqnState.initial());
        assertThat(store.lastAttach(fresh.iccid()).result()).isEqualTo(UsimProfileResources.ATTACH_ATTACHED);
    }

    @Test
    void rollsBackWhenTheNetworkRejectsTheNewCredentials() throws Exception {
        ProfileSwitch sw = newSwitch(ServerReachability.NOT_REQUIRED);
        sw.connect();
        StoredProfile bad = TestProfiles.wrongKey(network, OP_B, 1);
        store.install(bad);

        SwitchOutcome outcome = sw.switchTo(bad.iccid());

        assertThat(outcome.committed()).isFalse();
        assertThat(outcome.failure().get()).contains("AUTHENTICATION_FAILURE");
        assertThat(store.selection().enabled()).contains(old.iccid());
        assertThat(store.selection().trial()).isEmpty();
        assertThat(modem.attachedProfile().map(StoredProfile::iccid)).contains(old.iccid());
        assertThat(store.lastAttach(bad.iccid()).result()).isEqualTo(UsimProfileResources.ATTACH_AUTHENTICATION_FAILURE);
    }

    @Test
    void rollsBackWhenTheServerIsNotReachableOverTheNewProfile() throws Exception {
        StoredProfile[] fresh = new StoredProfile[1];
        ProfileSwitch sw = newSwitch((bearer, timeout) -> !bearer.imsi().equals(fresh[0].imsi()));
        sw.connect();
        fresh[0] = TestProfiles.provisioned(network, OP_B, 1);
        store.install(fresh[0]);

        SwitchOutcome outcome = sw.switchTo(fresh[0].iccid());

        assertThat(outcome.committed()).isFalse();
        assertThat(outcome.failure().get()).contains("not reachable");
        assertThat(store.selection().enabled()).contains(old.iccid());
        assertThat(modem.attachedProfile().map(StoredProfile::iccid)).contains(old.iccid());
    }

    @Test
    void rollsBackWhenReconnectingOverTheNewProfileFailsUnexpectedly() throws Exception {
        StoredProfile[] fresh = new StoredProfile[1];
        ProfileSwitch sw = newSwitch((bearer, timeout) -> {
            if (bearer.imsi().equals(fresh[0].imsi())) {
                throw new NullPointerException("LwM2M stack failure");
            }
            return true;
        });
        sw.connect();
        fresh[0] = TestProfiles.provisioned(network, OP_B, 1);
        store.install(fresh[0]);

        SwitchOutcome outcome = sw.switchTo(fresh[0].iccid());

        assertThat(outcome.committed()).isFalse();
        assertThat(outcome.failure().get()).contains("unexpected error").contains("LwM2M stack failure");
        assertThat(store.selection().enabled()).contains(old.iccid());
        assertThat(store.selection().trial()).as("no trial left hanging").isEmpty();
        assertThat(modem.attachedProfile().map(StoredProfile::iccid)).contains(old.iccid());
        assertThat(sw.switchTo(fresh[0].iccid()).committed()).as("a later switch is not blocked").isFalse();
    }

    @Test
    void usesTheFallbackProfileWhenTheEnabledOneCannotAttachAtAll() {
        StoredProfile fallback = TestProfiles.provisioned(network, OP_B, 1);
        store.install(fallback);
        store.select(Selection.committed(old.iccid(), Optional.of(fallback.iccid())));
        network.provisioning(OP_A).bar(old.imsi());

        Optional<AttachOutcome.Attached> attached = newSwitch(ServerReachability.NOT_REQUIRED).connect();

        assertThat(attached).isPresent();
        assertThat(attached.get().profile().iccid()).isEqualTo(fallback.iccid());
        assertThat(store.selection().enabled()).contains(fallback.iccid());
    }

    @Test
    void syntheticTerminalTriesVisibleNetworksWithDerivedCredentials(@TempDir Path other) {
        Ku ku = Ku.generate(new java.security.SecureRandom());
        var derivedB = SyntheticCredentials.derive(ku, OP_B);
        network.provisioning(OP_B).createSubscription(derivedB, org.m2mdm.network.SubscriptionState.ACTIVE,
                org.m2mdm.network.DestinationFilter.allowAll());
        FileProfileStore empty = new FileProfileStore(other);
        try (Modem m = new Modem(network, empty, Clock.systemUTC())) {
            ProfileSwitch sw = new ProfileSwitch(empty, new Journal(other.resolve("journal.log"), Clock.systemUTC()), m,
                    Duration.ofSeconds(1), SwitchFaults.NONE, n -> Optional.of(TestProfiles.profile(0,
                            SyntheticCredentials.derive(ku, n.plmn()), n.plmn(), ProfileOrigin.SYNTHETIC)));
            Optional<AttachOutcome.Attached> attached = sw.connect();
            assertThat(attached).isPresent();
            assertThat(attached.get().bearer().plmn()).isEqualTo(OP_B);
            assertThat(empty.selection().enabled()).contains(derivedB.iccid());
            assertThat(empty.profiles()).as("only the accepted derivation is installed").hasSize(1);
        }
    }
}
