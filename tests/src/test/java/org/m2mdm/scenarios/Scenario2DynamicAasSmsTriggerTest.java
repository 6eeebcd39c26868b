package org.m2mdm.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.m2mdm.scenarios.Probes.STEP;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.m2mdm.client.Terminal;
import org.m2mdm.client.TerminalState;
import org.m2mdm.fleet.Deployment;
import org.m2mdm.fleet.Eventually;
import org.m2mdm.fleet.ManufacturedTerminal;
import org.m2mdm.fleet.TerminalFactory;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.Bearer;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.aka.SqnState;
import org.m2mdm.usim.aka.UsimAuthenticator;

/**
 * TR 33.812 §5.2.2.5.2 — dynamic AAS, legacy credentials (DESIGN.md §5, scenario 2): the terminal leaves the
 * factory without an AAS address; the AAS tells it where it is by an OTA SMS through the operator's SMS centre,
 * retransmitted until the terminal acknowledges it; USIM and application management come from one server.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class Scenario2DynamicAasSmsTriggerTest extends OperatorSideTest {
    static final Plmn OPERATOR = Plmn.of("001", "01");

    @Override
    Deployment.Builder operators(Deployment.Builder builder) {
        // SMS retry interval 500 ms (Deployment default)
        return builder.operator(OPERATOR, "M2M Telecom");
    }

    @Test
    void aasTriggersTerminalWithoutAasAddressBySmsAndOneServerManagesUsimAndApplication() throws Exception {
        // 1. manufacture: device identity and legacy USIM, no AAS address
        ManufacturedTerminal made = deployment.factory().withLegacyUsim(OPERATOR, "M2M Telecom", "");
        UsimCredentials legacy = made.legacyUsim().orElseThrow();
        String deviceId = api.registerDevice(made.endpoint(), made.certificatePem(), List.of(), null).path("id").asText();
        String legacySet = api.createCredentialSet(legacy, OPERATOR.toString()).path("id").asText();

        // 2. subscriber and operator activate it (filter: AAS + management server); 3. one server for both roles
        String legacySubscription = api.activateSubscription(deviceId, OPERATOR.toString(), legacySet, null)
                .path("id").asText();
        String server = api.serverId("USIM");
        assertThat(api.serverId("APPLICATION")).isEqualTo(server);
        api.createActivationEntry(deviceId, server, server);
        UsimCredentials operational = TerminalFactory.newUsim(OPERATOR);
        String operationalSet = api.createCredentialSet(operational, OPERATOR.toString()).path("id").asText();
        api.activateSubscription(deviceId, OPERATOR.toString(), operationalSet, "allow-all");

        // 4. the AAS sends the OTA trigger; the terminal is off: the SMS centre keeps it
        JsonNode sms = api.post("/devices/" + deviceId + "/aas-trigger",
                Map.of("subscriptionId", legacySubscription, "validitySeconds", 120))
                .orThrow("send the AAS trigger").body();
        String smsPath = "/devices/" + deviceId + "/aas-trigger/" + sms.path("smsId").asText();
        assertThat(sms.path("imsi").asText()).isEqualTo(legacy.imsi().digits());
        Thread.sleep(1500); // three retry intervals
        assertThat(api.get(smsPath).body().path("state").asText()).isEqualTo("PENDING");

        // 5. the terminal's radio comes up before its application: offered, not acknowledged, retransmitted
        AtomicInteger offered = new AtomicInteger();
        UsimAuthenticator usim = new UsimAuthenticator(legacy.k(), legacy.opc(), SqnState.initial());
        AttachResult radioOnly = deployment.network().attach(OPERATOR, legacy.imsi(), usim);
        assertThat(radioOnly).isInstanceOf(AttachResult.Attached.class);
        Bearer early = ((AttachResult.Attached) radioOnly).bearer();
        early.onSms(m -> {
            offered.incrementAndGet();
            throw new IllegalStateException("application not running yet");
        });
        Eventually.holds("the trigger to be offered twice", STEP, () -> offered.get() >= 2);
        JsonNode retried = api.get(smsPath).body();
        assertThat(retried.path("state").asText()).isEqualTo("PENDING");
        assertThat(retried.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        early.close();

        // 6. the terminal switches on: it has no AAS, waits for the trigger, acknowledges it and bootstraps
        Terminal terminal = deployment.start(deployment.terminal(made).listener(events));
        Eventually.holds("the trigger to be delivered", STEP,
                () -> api.get(smsPath).body().path("state").asText().equals("DELIVERED"));
        assertThat(api.get(smsPath).body().path("attempts").asInt()).isGreaterThan(retried.path("attempts").asInt());
        Eventually.holds("the terminal to bootstrap", STEP, () -> events.contains("bootstrapped"), events::toString);
        assertThat(terminal.state()).isNotEqualTo(TerminalState.AWAITING_TRIGGER);
        api.awaitAudit("aas.bootstrap", made.endpoint(), "OK", STEP);

        // 7. one server: the USIM is replaced, then the application parameters are written → ready
        api.awaitRegistration(deviceId, "USIM", STEP);
        JsonNode switched = api.runJob("INSTALL_USIM_PROFILE_AND_SWITCH", Map.of("credentialSetId", operationalSet),
                deviceId, Duration.ofSeconds(60));
        assertThat(switched.path("state").asText()).as(switched.toString()).isEqualTo("SUCCEEDED");
        Eventually.value("the terminal on its operational IMSI", STEP,
                () -> terminal.bearer().filter(b -> b.imsi().equals(operational.imsi())));
        api.awaitRegistration(deviceId, "APPLICATION", STEP);
        String params = api.createAppParameterSet("vending", "3", List.of("coap://127.0.0.1:5999"),
                Map.of("price", "150")).path("id").asText();
        JsonNode written = api.runJob("WRITE_APP_PARAMETERS", Map.of("parameterSetId", params), deviceId, STEP);
        assertThat(written.path("state").asText()).as(written.toString()).isEqualTo("SUCCEEDED");
        assertThat(events.lines()).contains("envelope usim-profile", "envelope app-params");
        JsonNode registrations = api.device(deviceId).path("registrations");
        assertThat(registrations.findValuesAsText("server")).as("one server for both roles").containsOnly(
                registrations.path(0).path("server").asText());
        api.awaitDeviceState(deviceId, "ACTIVE", STEP);
    }
}
