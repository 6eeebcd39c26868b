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
import org.m2mdm.fleet.Deployment;
import org.m2mdm.fleet.Eventually;
import org.m2mdm.fleet.ManufacturedTerminal;
import org.m2mdm.fleet.ObservedAccessNetwork;
import org.m2mdm.fleet.TerminalFactory;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * Fallback and rollback (DESIGN.md §5–§6): a switch to a profile whose subscription is not active at the new
 * operator is rolled back by the terminal, which stays reachable on its previous USIM; the job says
 * {@code rolled-back}; once the operator activates the subscription, a retry succeeds.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class FallbackAndRollbackTest extends OperatorSideTest {
    static final Plmn OPERATOR_A = Plmn.of("001", "01");
    static final Plmn OPERATOR_B = Plmn.of("002", "02");

    @Override
    Deployment.Builder operators(Deployment.Builder builder) {
        return builder.operator(OPERATOR_A, "Alpha Mobile").operator(OPERATOR_B, "Beta Telecom");
    }

    @Test
    void switchToInactiveSubscriptionRollsBackAndRetrySucceedsOnceActivated() throws Exception {
        // a working terminal on operator A, registered with the USIM management server
        ManufacturedTerminal made = deployment.factory().withLegacyUsim(OPERATOR_A, "Alpha Mobile", deployment.aasUri());
        UsimCredentials legacy = made.legacyUsim().orElseThrow();
        String deviceId = api.registerDevice(made.endpoint(), made.certificatePem(), List.of(), null).path("id").asText();
        String legacySetId = api.createCredentialSet(legacy, OPERATOR_A.toString()).path("id").asText();
        api.activateSubscription(deviceId, OPERATOR_A.toString(), legacySetId, null);
        api.createActivationEntry(deviceId, api.serverId("USIM"),
                api.serverId("APPLICATION"));
        ObservedAccessNetwork radio = new ObservedAccessNetwork(deployment.network());
        Terminal terminal = deployment.start(deployment.terminal(made).network(radio).listener(events));
        api.awaitRegistration(deviceId, "USIM", STEP);

        // 1. operator B's USIM, whose subscription is loaded into B's AuC but not active yet
        UsimCredentials next = TerminalFactory.newUsim(OPERATOR_B);
        String nextSetId = api.createCredentialSet(next, OPERATOR_B.toString()).path("id").asText();
        JsonNode inactive = api.activateSubscription(deviceId, OPERATOR_B.toString(), nextSetId, "allow-all",
                "INACTIVE");
        String nextSubscription = inactive.path("id").asText();
        assertThat(inactive.path("status").asText()).isEqualTo("INACTIVE");
        assertThat(deployment.network().provisioning(OPERATOR_B).find(next.imsi()).orElseThrow().state())
                .isEqualTo(SubscriptionState.INACTIVE);

        // 2. the switch: B refuses the attach, the terminal rolls back and the job reports rolled-back
        JsonNode rolledBack = api.runJob("INSTALL_USIM_PROFILE_AND_SWITCH",
                Map.of("credentialSetId", nextSetId), deviceId, Duration.ofSeconds(60));
        assertThat(rolledBack.path("state").asText()).as(rolledBack.toString()).isEqualTo("ROLLED_BACK");
        JsonNode job = api.get("/jobs?limit=1").body().path("items").path(0);
        assertThat(api.job(job.path("id").asText()).path("counts").path("rolled-back").asLong()).isEqualTo(1);
        assertThat(events.lines()).contains("rolled back " + next.iccid().digits() + " to " + legacy.iccid().digits());
        assertThat(radio.attempts()).anySatisfy(a -> {
            assertThat(a.imsi()).isEqualTo(next.imsi());
            assertThat(a.accepted()).isFalse();
        });

        // 3. it stays reachable on the previous USIM: attached with it, registered, answering reads
        assertThat(terminal.bearer().orElseThrow().imsi()).isEqualTo(legacy.imsi());
        assertThat(terminal.currentProfile().orElseThrow().iccid()).isEqualTo(legacy.iccid());
        api.awaitRegistration(deviceId, "USIM", STEP);
        JsonNode read = api.runJob("LWM2M_READ", Map.of("path", "/3/0"), deviceId,
                Duration.ofSeconds(30));
        assertThat(read.path("state").asText()).as(read.toString()).isEqualTo("SUCCEEDED");

        // 4. operator B activates the subscription; a retry of the switch succeeds
        api.changeSubscription(nextSubscription, "activate");
        assertThat(deployment.network().provisioning(OPERATOR_B).find(next.imsi()).orElseThrow().state())
                .isEqualTo(SubscriptionState.ACTIVE);
        JsonNode retried = api.runJob("INSTALL_USIM_PROFILE_AND_SWITCH",
                Map.of("credentialSetId", nextSetId), deviceId, Duration.ofSeconds(60));
        assertThat(retried.path("state").asText()).as(retried.toString()).isEqualTo("SUCCEEDED");
        Eventually.value("the terminal on operator B's IMSI", STEP,
                () -> terminal.bearer().filter(b -> b.imsi().equals(next.imsi())));
        assertThat(events.lines()).contains("committed " + next.iccid().digits());
        assertThat(terminal.profiles()).extracting(p -> p.iccid()).contains(legacy.iccid(), next.iccid());
    }
}
