package org.m2mdm.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.m2mdm.client.Terminal;
import org.m2mdm.client.TerminalListener;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.fleet.FleetTerminal.Outcome;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * Walks one demo terminal through its {@link Journey}, driving each actor the way it would act: the subscriber and
 * the operator through the HTTP API, the terminal as an in-JVM dm-client on the simulated network. Every step is
 * checked (bounded wait) before the next one starts; a failed check ends the journey as FAILED with the reason.
 */
public final class JourneyWalker {
    private static final Duration STEP = Duration.ofSeconds(90);

    private final Deployment deployment;
    private final DmApi api;
    private final Plmn home;
    private final Plmn visited;
    private final Plmn next;
    private final String parameterSetId;
    private final Deployment.Partner nextOperator;
    private final String nextParameterSetId;
    private String nextServerId;

    /**
     * @param home     the operator of legacy USIMs and of scenario 1 (also rejects scenario 3's f(Ku))
     * @param visited  the operator the scenario 3 subscriber hands Ku to
     * @param next     the operator the subscriber of the operator change moves to
     * @param parameterSetId the application parameter set written to every terminal
     * @param nextOperator   the dm-server of operator {@code next}, which the operator change moves to
     */
    public JourneyWalker(Deployment deployment, Plmn home, Plmn visited, Plmn next, String parameterSetId,
            Deployment.Partner nextOperator) {
        this.deployment = Objects.requireNonNull(deployment);
        this.api = deployment.api();
        this.home = home;
        this.visited = visited;
        this.next = next;
        this.parameterSetId = parameterSetId;
        this.nextOperator = Objects.requireNonNull(nextOperator);
        this.nextParameterSetId = nextOperator.api().createAppParameterSet("meter-reading", "1.0",
                List.of("coap://127.0.0.1:5999"), Map.of("interval", "900", "unit", "kWh")).path("id").asText();
    }

    /** Number of console steps of a journey. */
    public static int steps(Journey j) {
        return j == Journey.OPERATOR_CHANGE ? 10 : 8;
    }

    /** Runs the journey to its end; never throws (the outcome is recorded on {@code t}). */
    public void walk(FleetTerminal t) {
        try {
            switch (t.journey()) {
                case PRECONFIGURED_AAS -> preconfigured(t, false);
                case OPERATOR_CHANGE -> preconfigured(t, true);
                case SYNTHETIC_CREDENTIALS -> synthetic(t);
                case DYNAMIC_AAS -> dynamic(t);
                default -> throw new IllegalStateException("unknown journey " + t.journey());
            }
            t.finished(Outcome.READY, "ready");
        } catch (RuntimeException | AssertionError | LinkageError e) {
            // LinkageError: a broken installation (missing class) ends the journey visibly instead of the thread
            t.finished(Outcome.FAILED, "FAILED after '" + t.status() + "': " + firstLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            t.finished(Outcome.FAILED, "interrupted");
        }
    }

    private void preconfigured(FleetTerminal t, boolean thenChangeOperator) throws InterruptedException {
        ManufacturedTerminal made = deployment.factory().withLegacyUsim(home, deployment.operatorName(home),
                deployment.aasUri());
        t.started(made.endpoint());
        UsimCredentials legacy = made.legacyUsim().orElseThrow();
        String deviceId = api.registerDevice(made.endpoint(), made.certificatePem(), List.of("demo", "meters"), null)
                .path("id").asText();
        String legacySet = api.createCredentialSet(legacy, home.toString()).path("id").asText();
        t.step("manufactured; legacy USIM " + legacy.imsi() + " handed to " + deployment.operatorName(home));

        api.activateSubscription(deviceId, home.toString(), legacySet, null);
        t.step("subscriber activated it; filter: AAS + management servers only");

        // a subscriber who may change operator gets a trust policy that also accepts the partner's PKI
        String anchors = thenChangeOperator ? Pem.encodeCertificates(List.of(
                deployment.server().pki().provisioningRoot().certificate(),
                nextOperator.server().pki().provisioningRoot().certificate())) : null;
        String entry = api.createActivationEntry(deviceId, api.serverId("USIM"), api.serverId("APPLICATION"), anchors)
                .path("id").asText();
        UsimCredentials operational = TerminalFactory.newUsim(home);
        String operationalSet = api.createCredentialSet(operational, home.toString()).path("id").asText();
        api.activateSubscription(deviceId, home.toString(), operationalSet, "allow-all");
        t.step("AAS entry configured");

        CountDownLatch bootstrapped = new CountDownLatch(1);
        Terminal terminal = deployment.start(deployment.terminal(made).listener(bootstrapListener(bootstrapped)));
        t.attachedWith(deployment.operatorName(home), legacy.imsi().digits());
        t.step("switched on, attached with the legacy USIM");

        await(bootstrapped, "bootstrap with the AAS");
        t.step("bootstrapped with the AAS " + deployment.aasUri());

        api.awaitRegistration(deviceId, "USIM", STEP);
        t.step("registered with the USIM management server");

        switchTo(api, terminal, deviceId, operationalSet, operational);
        t.attachedWith(deployment.operatorName(home), operational.imsi().digits());
        t.step("operator USIM installed, switched, re-attached");

        if (thenChangeOperator) {
            changeOperator(t, made, terminal, deviceId, entry, anchors);
            return;
        }
        writeParameters(api, parameterSetId, deviceId);
        t.step("application parameters written");
    }

    /**
     * The subscriber moves to operator {@code next}, whose own dm-server the terminal has never seen: the home AAS
     * entry now names that server, a bootstrap-request trigger sends the terminal there, and its USIM envelope is
     * accepted because the server's certificate satisfies the trust policy the AAS gave.
     */
    private void changeOperator(FleetTerminal t, ManufacturedTerminal made, Terminal terminal, String deviceId,
            String entry, String anchors) {
        DmApi partner = nextOperator.api();
        String partnerDevice = partner.registerDevice(made.endpoint(), made.certificatePem(), List.of("demo"), null)
                .path("id").asText();
        String server = nextServerRow();
        api.delete("/activation-entries/" + entry).orThrow("delete the AAS entry");
        api.createActivationEntry(deviceId, server, server, anchors);
        api.runJob("LWM2M_EXECUTE", Map.of("path", "/1/0/9"), deviceId, STEP);
        partner.awaitRegistration(partnerDevice, "USIM", STEP);
        t.step("subscriber moved to " + deployment.operatorName(next) + ": re-bootstrapped to its server");

        UsimCredentials moved = TerminalFactory.newUsim(next);
        String movedSet = partner.createCredentialSet(moved, next.toString()).path("id").asText();
        partner.activateSubscription(partnerDevice, next.toString(), movedSet, "allow-all");
        switchTo(partner, terminal, partnerDevice, movedSet, moved);
        t.attachedWith(deployment.operatorName(next), moved.imsi().digits());
        t.step("USIM of " + deployment.operatorName(next) + " accepted under the AAS trust policy, switched");

        writeParameters(partner, nextParameterSetId, partnerDevice);
        t.step("application parameters written by " + deployment.operatorName(next));
    }

    /** The home tenant's management-server row for the partner's server (created once). */
    private synchronized String nextServerRow() {
        if (nextServerId == null) {
            nextServerId = api.createManagementServer(nextOperator.name(), "BOTH", nextOperator.coapUri(), 301,
                    Pem.encodeCertificates(nextOperator.server().pki().usimServer().certificateChain()))
                    .path("id").asText();
        }
        return nextServerId;
    }

    private void dynamic(FleetTerminal t) throws InterruptedException {
        ManufacturedTerminal made = deployment.factory().withLegacyUsim(home, deployment.operatorName(home), "");
        t.started(made.endpoint());
        UsimCredentials legacy = made.legacyUsim().orElseThrow();
        String deviceId = api.registerDevice(made.endpoint(), made.certificatePem(), List.of("demo", "vending"), null)
                .path("id").asText();
        String legacySet = api.createCredentialSet(legacy, home.toString()).path("id").asText();
        t.step("manufactured without an AAS address");

        String subscription = api.activateSubscription(deviceId, home.toString(), legacySet, null).path("id").asText();
        t.step("subscriber activated it; filter: AAS + management servers only");

        String server = api.serverId("USIM");
        api.createActivationEntry(deviceId, server, server);
        UsimCredentials operational = TerminalFactory.newUsim(home);
        String operationalSet = api.createCredentialSet(operational, home.toString()).path("id").asText();
        api.activateSubscription(deviceId, home.toString(), operationalSet, "allow-all");
        t.step("AAS entry configured (one server for USIM and application)");

        CountDownLatch bootstrapped = new CountDownLatch(1);
        Terminal terminal = deployment.start(deployment.terminal(made).listener(bootstrapListener(bootstrapped)));
        t.attachedWith(deployment.operatorName(home), legacy.imsi().digits());
        t.step("switched on, attached; no AAS known: waiting for a trigger");

        JsonNode sms = api.post("/devices/" + deviceId + "/aas-trigger", Map.of("subscriptionId", subscription,
                "validitySeconds", 300)).orThrow("send the AAS trigger").body();
        String smsPath = "/devices/" + deviceId + "/aas-trigger/" + sms.path("smsId").asText();
        Eventually.holds("the AAS trigger SMS to be acknowledged", STEP,
                () -> api.get(smsPath).body().path("state").asText().equals("DELIVERED"));
        await(bootstrapped, "bootstrap with the AAS");
        t.step("AAS trigger SMS acknowledged, bootstrapped");

        api.awaitRegistration(deviceId, "USIM", STEP);
        t.step("registered with the USIM + application management server");

        switchTo(api, terminal, deviceId, operationalSet, operational);
        t.attachedWith(deployment.operatorName(home), operational.imsi().digits());
        t.step("operator USIM installed, switched, re-attached");

        writeParameters(api, parameterSetId, deviceId);
        t.step("application parameters written");
    }

    private void synthetic(FleetTerminal t) throws InterruptedException {
        String aas = "coaps://" + deployment.server().config().aasDnsName();
        ManufacturedTerminal made = deployment.factory().withKuOnly(aas);
        t.started(made.endpoint());
        String label = made.kuLabel().orElseThrow();
        String deviceId = api.registerDevice(made.endpoint(), made.certificatePem(), List.of("demo", "trackers"), label)
                .path("id").asText();
        // Ku is a secret (f(Ku) gives K): only its fingerprint is ever shown
        t.step("manufactured with Ku only (Ku fingerprint " + made.ku().orElseThrow().fingerprint().substring(0, 8)
                + "…)");

        api.activateByKu(label, visited.toString(), null).orThrow("activate by Ku");
        t.step("subscriber gave Ku to " + deployment.operatorName(visited) + "; f(Ku) loaded in its AuC");

        UsimCredentials operational = TerminalFactory.newUsim(visited);
        String operationalSet = api.createCredentialSet(operational, visited.toString()).path("id").asText();
        api.activateSubscription(deviceId, visited.toString(), operationalSet, "allow-all");
        api.createActivationEntry(deviceId, api.serverId("USIM"), api.serverId("APPLICATION"));
        t.step("operational credentials handed to the AAS");

        ObservedAccessNetwork radio = new ObservedAccessNetwork(deployment.network());
        CountDownLatch bootstrapped = new CountDownLatch(1);
        Terminal terminal = deployment.start(deployment.terminal(made).network(radio)
                .listener(bootstrapListener(bootstrapped)));
        long rejected = radio.attempts().stream().filter(a -> !a.accepted()).count();
        var bearer = terminal.bearer().orElseThrow(() -> new IllegalStateException("not attached"));
        t.attachedWith(deployment.operatorName(bearer.plmn()), bearer.imsi().digits());
        t.step("switched on: " + rejected + " network(s) rejected f(Ku), attached to "
                + deployment.operatorName(bearer.plmn()));

        await(bootstrapped, "bootstrap with the AAS");
        t.step("resolved " + deployment.server().config().aasDnsName() + " in the local DNS, bootstrapped");

        api.awaitRegistration(deviceId, "USIM", STEP);
        t.step("registered with the USIM management server");

        switchTo(api, terminal, deviceId, operationalSet, operational);
        t.attachedWith(deployment.operatorName(visited), operational.imsi().digits());
        t.step("operational USIM installed, switched, re-attached");

        writeParameters(api, parameterSetId, deviceId);
        t.step("application parameters written");
    }

    private static void switchTo(DmApi api, Terminal terminal, String deviceId, String setId, UsimCredentials usim) {
        JsonNode target = api.runJob("INSTALL_USIM_PROFILE_AND_SWITCH", Map.of("credentialSetId", setId), deviceId,
                STEP);
        if (!"SUCCEEDED".equals(target.path("state").asText())) {
            throw new IllegalStateException("USIM switch job ended " + target.path("state").asText() + ": "
                    + target.path("detail").asText());
        }
        Eventually.holds("the terminal to attach with IMSI " + usim.imsi(), STEP,
                () -> terminal.bearer().map(b -> b.imsi().equals(usim.imsi())).orElse(false));
    }

    private static void writeParameters(DmApi api, String parameterSetId, String deviceId) {
        api.awaitRegistration(deviceId, "APPLICATION", STEP);
        JsonNode target = api.runJob("WRITE_APP_PARAMETERS", Map.of("parameterSetId", parameterSetId), deviceId, STEP);
        if (!"SUCCEEDED".equals(target.path("state").asText())) {
            throw new IllegalStateException("application parameters job ended " + target.path("state").asText() + ": "
                    + target.path("detail").asText());
        }
        // the server marks a device ACTIVE (= ready) once its application parameters are in place
        api.awaitDeviceState(deviceId, "ACTIVE", STEP);
    }

    private static TerminalListener bootstrapListener(CountDownLatch latch) {
        return new TerminalListener() {
            @Override
            public void bootstrapped() {
                latch.countDown();
            }
        };
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(STEP.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no " + what + " within " + STEP.toSeconds() + " s");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }
}
