package org.m2mdm.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.m2mdm.scenarios.Probes.STEP;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.client.Terminal;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.fleet.Deployment;
import org.m2mdm.fleet.Deployment.Partner;
import org.m2mdm.fleet.DmApi;
import org.m2mdm.fleet.Eventually;
import org.m2mdm.fleet.ManufacturedTerminal;
import org.m2mdm.fleet.TerminalFactory;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * Operator change in the field (DESIGN.md §5): a working terminal on operator A; the subscriber moves to operator
 * C, which runs its own dm-server (own database and PKI) that the terminal has never seen. The home AAS hands the
 * terminal a trust policy whose anchors include C's provisioning root, so C's USIM management server is accepted,
 * its profile delivered and the switch committed; a server D whose certificate chains to a root outside the
 * policy is refused. The terminal is sent to another server by a bootstrap-request trigger (/1/0/9) and the home
 * AAS entry naming that server.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OperatorChangeInFieldTest {
    static final Plmn OPERATOR_A = Plmn.of("001", "01");
    static final Plmn OPERATOR_C = Plmn.of("003", "03");
    static final Plmn OPERATOR_D = Plmn.of("004", "04");

    @TempDir
    Path dir;
    Deployment deployment;
    DmApi home;
    String entryId;
    final TerminalEvents events = new TerminalEvents();

    @BeforeEach
    void startOperators() {
        deployment = Deployment.builder(dir).operator(OPERATOR_A, "Alpha Mobile").operator(OPERATOR_C, "Gamma Networks")
                .operator(OPERATOR_D, "Delta Rogue").start();
        home = deployment.api();
    }

    @AfterEach
    void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void subscriberMovesToAnOperatorWhoseServerTheTerminalNeverSaw() throws Exception {
        Partner gamma = deployment.startPartner("gamma", OPERATOR_C);
        Partner delta = deployment.startPartner("delta", OPERATOR_D);
        // the subscriber's AAS trusts the home provisioning root and C's (not D's)
        String anchors = Pem.encodeCertificates(List.of(deployment.server().pki().provisioningRoot().certificate(),
                gamma.server().pki().provisioningRoot().certificate()));

        // 1. a working terminal on operator A: bootstrapped, switched to A's operational USIM, registered at home
        ManufacturedTerminal made = deployment.factory().withLegacyUsim(OPERATOR_A, "Alpha Mobile", deployment.aasUri());
        String deviceId = home.registerDevice(made.endpoint(), made.certificatePem(), List.of(), null).path("id").asText();
        home.activateSubscription(deviceId, OPERATOR_A.toString(),
                home.createCredentialSet(made.legacyUsim().orElseThrow(), OPERATOR_A.toString()).path("id").asText(),
                null);
        String homeServer = home.serverId("USIM");
        entryId = home.createActivationEntry(deviceId, homeServer, homeServer, anchors).path("id").asText();
        UsimCredentials onA = TerminalFactory.newUsim(OPERATOR_A);
        String onASet = home.createCredentialSet(onA, OPERATOR_A.toString()).path("id").asText();
        home.activateSubscription(deviceId, OPERATOR_A.toString(), onASet, "allow-all");
        Terminal terminal = deployment.start(deployment.terminal(made).listener(events));
        home.awaitRegistration(deviceId, "USIM", STEP);
        assertThat(home.runJob("INSTALL_USIM_PROFILE_AND_SWITCH", Map.of("credentialSetId", onASet), deviceId, STEP)
                .path("state").asText()).isEqualTo("SUCCEEDED");
        Eventually.value("the terminal on A's operational IMSI", STEP,
                () -> terminal.bearer().filter(b -> b.imsi().equals(onA.imsi())));

        // 2. D, outside the trust policy, gets the terminal and tries to deliver its USIM: refused by the terminal
        String deltaDevice = sendTerminalTo(delta, deviceId, anchors, made, 201);
        UsimCredentials fromD = TerminalFactory.newUsim(OPERATOR_D);
        String fromDSet = delta.api().createCredentialSet(fromD, OPERATOR_D.toString()).path("id").asText();
        delta.api().activateSubscription(deltaDevice, OPERATOR_D.toString(), fromDSet, "allow-all");
        JsonNode refused = delta.api().runJob("INSTALL_USIM_PROFILE_AND_SWITCH", Map.of("credentialSetId", fromDSet),
                deltaDevice, STEP);
        assertThat(refused.path("state").asText()).as(refused.toString()).isEqualTo("FAILED");
        assertThat(refused.path("detail").asText()).contains("refused the usim-profile envelope");
        assertThat(events.lines()).contains("rejected usim-profile UNTRUSTED_SIGNER");
        assertThat(terminal.profiles()).extracting(p -> p.iccid()).doesNotContain(fromD.iccid());
        assertThat(terminal.bearer().orElseThrow().imsi()).isEqualTo(onA.imsi());

        // 3. the subscriber moves to C: the home AAS now names C's server, D sends the terminal to bootstrap again
        redirect(deviceId, gamma, anchors, 301);
        String gammaDevice = gamma.api().registerDevice(made.endpoint(), made.certificatePem(), List.of(), null)
                .path("id").asText();
        delta.api().runJob("LWM2M_EXECUTE", Map.of("path", "/1/0/9"), deltaDevice, STEP);
        gamma.api().awaitRegistration(gammaDevice, "USIM", STEP);

        // 4. C delivers its USIM; the envelope is accepted under the AAS's policy and the switch commits on C
        UsimCredentials onC = TerminalFactory.newUsim(OPERATOR_C);
        String onCSet = gamma.api().createCredentialSet(onC, OPERATOR_C.toString()).path("id").asText();
        gamma.api().activateSubscription(gammaDevice, OPERATOR_C.toString(), onCSet, "allow-all");
        JsonNode moved = gamma.api().runJob("INSTALL_USIM_PROFILE_AND_SWITCH", Map.of("credentialSetId", onCSet),
                gammaDevice, Duration.ofSeconds(60));
        assertThat(moved.path("state").asText()).as(moved.toString()).isEqualTo("SUCCEEDED");
        assertThat(events.lines()).contains("committed " + onC.iccid().digits());
        Eventually.value("the terminal attached to operator C", STEP,
                () -> terminal.bearer().filter(b -> b.imsi().equals(onC.imsi()) && b.plmn().equals(OPERATOR_C)));
        gamma.api().awaitRegistration(gammaDevice, "USIM", STEP);
        assertThat(terminal.profiles()).extracting(p -> p.iccid()).contains(onA.iccid(), onC.iccid());
    }

    /** Registers the terminal with {@code partner}, points the home AAS entry at it and triggers a re-bootstrap. */
    private String sendTerminalTo(Partner partner, String deviceId, String anchors,
            ManufacturedTerminal made, int shortServerId) {
        String partnerDevice = partner.api().registerDevice(made.endpoint(), made.certificatePem(), List.of(), null)
                .path("id").asText();
        redirect(deviceId, partner, anchors, shortServerId);
        home.runJob("LWM2M_EXECUTE", Map.of("path", "/1/0/9"), deviceId, STEP);
        partner.api().awaitRegistration(partnerDevice, "USIM", STEP);
        return partnerDevice;
    }

    /** Replaces the device's home AAS entry by one naming {@code partner}'s server. */
    private void redirect(String deviceId, Partner partner, String anchors, int shortServerId) {
        String serverPem = Pem.encodeCertificates(partner.server().pki().usimServer().certificateChain());
        String serverId = home.createManagementServer(partner.name(), "BOTH", partner.coapUri(), shortServerId,
                serverPem).path("id").asText();
        assertThat(home.delete("/activation-entries/" + entryId).isSuccess()).isTrue();
        entryId = home.createActivationEntry(deviceId, serverId, serverId, anchors).path("id").asText();
    }
}
