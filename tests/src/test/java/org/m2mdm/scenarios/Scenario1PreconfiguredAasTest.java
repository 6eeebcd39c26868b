package org.m2mdm.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.m2mdm.scenarios.Probes.STEP;
import static org.m2mdm.scenarios.Probes.datagramGetsThrough;
import static org.m2mdm.scenarios.Probes.hex;

import java.net.InetSocketAddress;
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
import org.m2mdm.fleet.TerminalFactory;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriberView;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * TR 33.812 §5.2.2.5.1 — preconfigured AAS, legacy credentials (DESIGN.md §5, scenario 1), end to end over
 * real CoAP/DTLS, HTTP and H2 on 127.0.0.1: the subscriber and the operator act through the HTTP API, the
 * terminal is an in-JVM dm-client, the network is network-sim.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class Scenario1PreconfiguredAasTest extends OperatorSideTest {
    static final Plmn OPERATOR = Plmn.of("001", "01");

    @Override
    Deployment.Builder operators(Deployment.Builder builder) {
        return builder.operator(OPERATOR, "M2M Telecom");
    }

    @Test
    void terminalWithPreconfiguredAasEndsReadyWithOperatorUsimAndApplicationParameters() throws Exception {
        // 1. manufacture: device identity + legacy USIM + AAS address
        ManufacturedTerminal made = deployment.factory().withLegacyUsim(OPERATOR, "M2M Telecom", deployment.aasUri());
        UsimCredentials legacy = made.legacyUsim().orElseThrow();
        String deviceId = api.registerDevice(made.endpoint(), made.certificatePem(), List.of("meters"), null)
                .path("id").asText();
        assertThat(api.device(deviceId).path("device").path("state").asText()).isEqualTo("PROVISIONED");
        // the SIM vendor's batch record of the legacy USIM goes to the operator; K/OPc never come back out
        String legacySetId = api.createCredentialSet(legacy, OPERATOR.toString()).path("id").asText();
        assertThat(api.get("/usim-credential-sets/" + legacySetId).body().toString())
                .doesNotContain(hex(legacy.k().bytes())).doesNotContain(hex(legacy.opc().bytes()));

        // 2. the subscriber activates connectivity for the terminal
        JsonNode subscription = api.activateSubscription(deviceId, OPERATOR.toString(), legacySetId, null);
        assertThat(subscription.path("imsi").asText()).isEqualTo(legacy.imsi().digits());
        assertThat(subscription.path("status").asText()).isEqualTo("ACTIVE");

        // 3. the operator activates it with a filter: only the AAS and the management servers are reachable
        List<InetSocketAddress> servers = operatorSideAddresses();
        String filter = String.join(",", servers.stream().map(a -> "127.0.0.1:" + a.getPort()).toList());
        api.setFilter(subscription.path("id").asText(), filter);
        SubscriberView inHss = deployment.network().provisioning(OPERATOR).find(legacy.imsi()).orElseThrow();
        assertThat(inHss.state()).isEqualTo(SubscriptionState.ACTIVE);
        assertThat(inHss.filter().allowsAll()).isFalse();
        assertThat(servers).allMatch(inHss.filter()::permits);

        // 4. the AAS is configured with the management servers for this terminal
        JsonNode entry = api.createActivationEntry(deviceId, api.serverId("USIM"),
                api.serverId("APPLICATION"));
        assertThat(entry.path("deviceId").asText()).isEqualTo(deviceId);

        // the operational USIM the operator will send, its subscription active without a filter
        UsimCredentials operational = TerminalFactory.newUsim(OPERATOR);
        String operationalSetId = api.createCredentialSet(operational, OPERATOR.toString()).path("id").asText();
        api.activateSubscription(deviceId, OPERATOR.toString(), operationalSetId, "allow-all");

        // 5. the terminal switches on, attaches with the legacy USIM and bootstraps with the AAS
        Terminal terminal = deployment.start(deployment.terminal(made).listener(events));
        Bearer initial = terminal.bearer().orElseThrow();
        assertThat(initial.imsi()).isEqualTo(legacy.imsi());
        // during initial connectivity a datagram to any other destination is dropped by the filter
        assertThat(datagramGetsThrough(initial)).as("datagram to a foreign host on initial connectivity").isFalse();
        assertThat(initial.droppedDatagrams()).isPositive();
        Eventually.holds("the terminal to bootstrap", STEP, () -> events.contains("bootstrapped"), events::toString);
        api.awaitAudit("aas.bootstrap", made.endpoint(), "OK", STEP);
        assertThat(api.device(deviceId).path("device").path("state").asText()).isNotEqualTo("PROVISIONED");

        // 6. it registers with the USIM management server
        api.awaitRegistration(deviceId, "USIM", STEP);

        // 7. the operator sends the new USIM as an envelope: installed, switched, re-attached with the new IMSI
        JsonNode target = api.runJob("INSTALL_USIM_PROFILE_AND_SWITCH",
                Map.of("credentialSetId", operationalSetId), deviceId, Duration.ofSeconds(60));
        assertThat(target.path("state").asText()).as(target.toString()).isEqualTo("SUCCEEDED");
        assertThat(events.lines()).contains("envelope usim-profile", "committed " + operational.iccid().digits());
        Bearer now = Eventually.value("the terminal to be attached with the operational IMSI", STEP,
                () -> terminal.bearer().filter(b -> b.imsi().equals(operational.imsi())));
        assertThat(terminal.currentProfile().orElseThrow().iccid()).isEqualTo(operational.iccid());
        assertThat(terminal.profiles()).extracting(p -> p.iccid()).as("the legacy profile is kept for fallback")
                .contains(legacy.iccid());
        assertThat(datagramGetsThrough(now)).as("datagram to a foreign host on operational connectivity").isTrue();

        // 8. it registers with the application management server, which writes the application parameters
        api.awaitRegistration(deviceId, "APPLICATION", STEP);
        String paramsId = api.createAppParameterSet("meter-reading", "1.2", List.of("coap://127.0.0.1:5999"),
                Map.of("interval", "900", "unit", "kWh")).path("id").asText();
        JsonNode written = api.runJob("WRITE_APP_PARAMETERS", Map.of("parameterSetId", paramsId),
                deviceId, Duration.ofSeconds(40));
        assertThat(written.path("state").asText()).as(written.toString()).isEqualTo("SUCCEEDED");
        assertThat(events.lines()).contains("envelope app-params");

        // 9. "ready" is visible in the API: device ACTIVE, registered, on the operational IMSI, parameters read back
        api.awaitDeviceState(deviceId, "ACTIVE", STEP);
        JsonNode read = api.runJob("LWM2M_READ", Map.of("path", "/32771"), deviceId,
                Duration.ofSeconds(30));
        assertThat(read.path("state").asText()).as(read.toString()).isEqualTo("SUCCEEDED");
        JsonNode detail = api.device(deviceId);
        assertThat(detail.path("registrations").findValuesAsText("role")).contains("USIM", "APPLICATION");
        assertThat(detail.path("objectTree").toString()).contains("meter-reading").contains("interval=900");
        assertThat(detail.path("subscriptions").findValuesAsText("imsi")).contains(operational.imsi().digits());
        assertThat(detail.toString()).doesNotContain(hex(operational.k().bytes()))
                .doesNotContain(hex(operational.opc().bytes()));
    }

    @Test
    void theAasBootstrapsATerminalOnlyOnceTheOperatorHasRegisteredIt() throws Exception {
        // a genuine manufacturer certificate, but the device is not (yet) in the tenant's inventory
        ManufacturedTerminal made = deployment.factory().withLegacyUsim(OPERATOR, "M2M Telecom", deployment.aasUri());
        deployment.network().provisioning(OPERATOR).createSubscription(made.legacyUsim().orElseThrow(),
                SubscriptionState.ACTIVE, DestinationFilter.allowAll());
        Terminal terminal = deployment.start(deployment.terminal(made).listener(events));
        Thread.sleep(4000); // several bootstrap attempts (retry interval 1 s)
        assertThat(events.lines()).doesNotContain("bootstrapped");
        assertThat(terminal.bearer()).as("still attached with its legacy USIM").isPresent();

        String deviceId = api.registerDevice(made.endpoint(), made.certificatePem(), List.of(), null).path("id")
                .asText();
        api.createActivationEntry(deviceId, api.serverId("USIM"), api.serverId("APPLICATION"));
        Eventually.holds("the terminal to bootstrap once registered", STEP, () -> events.contains("bootstrapped"),
                events::toString);
        api.awaitRegistration(deviceId, "USIM", STEP);
    }

    private List<InetSocketAddress> operatorSideAddresses() {
        return List.of(deployment.server().bootstrapUri().orElseThrow(),
                deployment.server().usimServerUri().orElseThrow(),
                deployment.server().applicationServerUri().orElseThrow()).stream().distinct()
                .map(u -> new InetSocketAddress("127.0.0.1", u.getPort())).toList();
    }
}
