package org.m2mdm.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.m2mdm.scenarios.Probes.STEP;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.m2mdm.client.Terminal;
import org.m2mdm.fleet.ApiReply;
import org.m2mdm.fleet.Deployment;
import org.m2mdm.fleet.Eventually;
import org.m2mdm.fleet.ManufacturedTerminal;
import org.m2mdm.fleet.ObservedAccessNetwork;
import org.m2mdm.fleet.ObservedAccessNetwork.Attempt;
import org.m2mdm.fleet.TerminalFactory;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.synthetic.Ku;
import org.m2mdm.usim.synthetic.SyntheticCredentials;

/**
 * TR 33.812 §5.2.2.5.3 — static, locally resolved AAS, synthetic credentials (DESIGN.md §5, scenario 3): the
 * terminal holds only Ku, the subscriber hands Ku to operator B through the API, B loads f(Ku) into its AuC, the
 * terminal finds B by trying every visible network, resolves the AAS name in B's DNS and ends on its operational
 * USIM.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class Scenario3SyntheticCredentialsTest extends OperatorSideTest {
    static final Plmn OPERATOR_A = Plmn.of("001", "01");
    static final Plmn OPERATOR_B = Plmn.of("002", "02");
    static final String AAS_NAME = "aas.m2m.local";

    @Override
    Deployment.Builder operators(Deployment.Builder builder) {
        return builder.operator(OPERATOR_A, "Alpha Mobile").operator(OPERATOR_B, "Beta Telecom");
    }

    @Test
    void terminalHoldingOnlyKuFindsOperatorBAndEndsOnItsOperationalUsim() throws Exception {
        // 1. manufacture: only Ku (label printed on the terminal) and the AAS *name*
        ManufacturedTerminal made = deployment.factory().withKuOnly("coaps://" + AAS_NAME);
        Ku ku = made.ku().orElseThrow();
        String label = made.kuLabel().orElseThrow();
        String deviceId = api.registerDevice(made.endpoint(), made.certificatePem(), List.of("trackers"), label)
                .path("id").asText();
        assertThat(api.device(deviceId).path("device").path("kuFingerprint").asText()).isEqualTo(ku.fingerprint());

        // 2. the subscriber gives Ku to operator B as printed on the label; B loads f(Ku) into its AuC
        JsonNode subscription = api.activateByKu(label, OPERATOR_B.toString(), null).orThrow("activate by Ku").body();
        UsimCredentials synthetic = SyntheticCredentials.derive(ku, OPERATOR_B);
        assertThat(subscription.path("imsi").asText()).isEqualTo(synthetic.imsi().digits());
        assertThat(deployment.network().provisioning(OPERATOR_B).find(synthetic.imsi()))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SubscriptionState.ACTIVE));
        assertThat(deployment.network().provisioning(OPERATOR_A).find(SyntheticCredentials.derive(ku, OPERATOR_A).imsi()))
                .as("operator A never heard of this terminal").isEmpty();
        // the AAS name resolves in B's DNS only
        deployment.network().operator(OPERATOR_A).removeDnsRecord(AAS_NAME);
        assertThat(deployment.network().operator(OPERATOR_B).dnsRecords()).containsKey(AAS_NAME);

        // 3. B hands the AAS the operational credentials for this terminal
        UsimCredentials operational = TerminalFactory.newUsim(OPERATOR_B);
        JsonNode set = api.createCredentialSet(operational, OPERATOR_B.toString());
        String setId = set.path("id").asText();
        assertThat(set.path("operatorPlmn").asText()).isEqualTo(OPERATOR_B.toString());
        assertThat(set.toString()).doesNotContain(Probes.hex(operational.k().bytes()));
        api.activateSubscription(deviceId, OPERATOR_B.toString(), setId, "allow-all");
        JsonNode entry = api.createActivationEntry(deviceId, api.serverId("USIM"), api.serverId("APPLICATION"));
        assertThat(entry.path("deviceId").asText()).isEqualTo(deviceId);

        // 4. the terminal tries A (rejected), then B (accepted) with the IMSI f(Ku) gives for each
        ObservedAccessNetwork radio = new ObservedAccessNetwork(deployment.network());
        Terminal terminal = deployment.start(deployment.terminal(made).network(radio).listener(events));
        List<Attempt> firstAttach = radio.attempts();
        assertThat(firstAttach).extracting(Attempt::plmn).startsWith(OPERATOR_A, OPERATOR_B);
        assertThat(firstAttach.get(0).accepted()).as("operator A rejects f(Ku)").isFalse();
        assertThat(firstAttach.get(0).imsi()).isEqualTo(SyntheticCredentials.derive(ku, OPERATOR_A).imsi());
        assertThat(firstAttach.get(1)).isEqualTo(new Attempt(OPERATOR_B, synthetic.imsi(), ""));
        assertThat(terminal.bearer().orElseThrow().plmn()).isEqualTo(OPERATOR_B);

        // 5. it resolves aas.m2m.local in B's DNS and bootstraps; then registers with the USIM management server
        Eventually.holds("the terminal to bootstrap", STEP, () -> events.contains("bootstrapped"), events::toString);
        api.awaitRegistration(deviceId, "USIM", STEP);

        // 6. it receives its operational USIM and switches to it
        JsonNode target = api.runJob("INSTALL_USIM_PROFILE_AND_SWITCH", Map.of("credentialSetId", setId),
                deviceId, Duration.ofSeconds(60));
        assertThat(target.path("state").asText()).as(target.toString()).isEqualTo("SUCCEEDED");
        Eventually.value("the terminal on its operational IMSI", STEP,
                () -> terminal.bearer().filter(b -> b.imsi().equals(operational.imsi())));
        assertThat(terminal.currentProfile().orElseThrow().iccid()).isEqualTo(operational.iccid());
        assertThat(radio.attempts()).last().isEqualTo(new Attempt(OPERATOR_B, operational.imsi(), ""));
        api.awaitRegistration(deviceId, "USIM", STEP);
    }

    @Test
    void mistypedKuIsRefusedAsATypoAndChangesNothing() {
        ManufacturedTerminal made = deployment.factory().withKuOnly("coaps://" + AAS_NAME);
        String label = made.kuLabel().orElseThrow();
        api.registerDevice(made.endpoint(), made.certificatePem(), List.of(), label);
        int before = api.get("/subscriptions").body().size();

        ApiReply typo = api.activateByKu(mistype(label), OPERATOR_B.toString(), null);

        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.errorCode()).isEqualTo("ku_typo");
        assertThat(typo.body().path("message").asText()).containsIgnoringCase("typo").doesNotContain(label)
                .doesNotContain(label.replace("-", ""));
        assertThat(api.get("/subscriptions").body().size()).isEqualTo(before);
        assertThat(deployment.network().provisioning(OPERATOR_B)
                .find(SyntheticCredentials.derive(made.ku().orElseThrow(), OPERATOR_B).imsi())).isEmpty();
        // the label as printed (lower case, spaces instead of hyphens) is accepted
        ApiReply ok = api.activateByKu(label.toLowerCase().replace('-', ' '), OPERATOR_B.toString(), null);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    }

    /** One character of the second group replaced by another valid one: a single-character typo. */
    static String mistype(String label) {
        char[] c = label.toCharArray();
        int i = 5;
        c[i] = c[i] == 'A' ? 'B' : 'A';
        return new String(c);
    }
}
