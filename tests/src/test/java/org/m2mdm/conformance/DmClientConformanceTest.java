package org.m2mdm.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.client.StateDirectory;
import org.m2mdm.client.Terminal;
import org.m2mdm.client.TerminalIdentity;
import org.m2mdm.client.TerminalListener;
import org.m2mdm.client.profiles.ProfileOrigin;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.envelope.EnvelopeRejectedException.Reason;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.pki.ServerIdentity;
import org.m2mdm.envelope.trust.SignerRole;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * The whole suite against the project's terminal, run in this JVM through dm-client's library
 * entry point: it attaches to a real network-sim operator with its factory USIM (whose filter lets
 * it reach only the bootstrap server and the suite's server), bootstraps over DTLS with its device
 * certificate, registers over DTLS-PSK through the bearer's relay, and then every case must pass —
 * the USIM ones included (install, switch with re-attach, rollback, each envelope rejection).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class DmClientConformanceTest {
    private static final Plmn OPERATOR = Plmn.of("001", "01");
    private static final String ENDPOINT = ConformanceTerminal.newEndpoint();
    private static final String PSK_IDENTITY = "conformance-dm-client";
    private static final byte[] PSK = HexFormat.of().parseHex("0f1e2d3c4b5a69788796a5b4c3d2e1f0");

    @TempDir
    static Path dir;

    private SimulatedNetwork network;
    private ConformanceServer server;
    private ConformanceBootstrap bootstrap;
    private Terminal terminal;
    private SuiteReport report;
    private final List<Reason> rejections = new CopyOnWriteArrayList<>();
    private final List<String> switches = new CopyOnWriteArrayList<>();

    @BeforeAll
    void runSuiteAgainstTerminal() throws Exception {
        CertificateAuthority manufacturer = CertificateAuthority.createRoot("Conformance manufacturer CA",
                Duration.ofDays(1));
        CertificateAuthority provisioning = CertificateAuthority.createRoot("Conformance provisioning root",
                Duration.ofDays(1));
        ServerIdentity aas = provisioning.issueServer("conformance-aas", Set.of(SignerRole.ACTIVATION));
        ServerIdentity usimServer = provisioning.issueServer("conformance-usim", Set.of(SignerRole.USIM_MANAGEMENT));
        ServerIdentity appServer = provisioning.issueServer("conformance-apps",
                Set.of(SignerRole.APPLICATION_MANAGEMENT));
        DeviceIdentity device = manufacturer.issueDevice(ENDPOINT);

        network = SimulatedNetwork.builder().operator(OPERATOR, "Conformance Op").build();
        server = ConformanceServer.start();
        server.addPreSharedKey(ENDPOINT, PSK_IDENTITY, PSK);
        bootstrap = ConformanceBootstrap.x509(aas, List.of(manufacturer.certificate()));
        bootstrap.sendToCoaps(ENDPOINT, server.coapsUri(), PSK_IDENTITY, PSK, 300);

        terminal = ConformanceTerminal.manufacture(dir, network, OPERATOR, device, bootstrap.uri(),
                Optional.of(aas.certificate()), provisioning.certificate(), ConformanceTerminal.address(bootstrap.uri()),
                ConformanceTerminal.address(server.coapsUri()))
                .listener(new TerminalListener() {
                    @Override
                    public void envelopeRejected(PayloadType expected, Reason reason, String message) {
                        rejections.add(reason);
                    }

                    @Override
                    public void switchCommitted(Iccid profile) {
                        switches.add("committed " + profile.digits());
                    }

                    @Override
                    public void switchRolledBack(Iccid target, Iccid active, String reason) {
                        switches.add("rolled back " + target.digits());
                    }
                }).build();
        terminal.start();
        assertThat(server.awaitRegistration(ENDPOINT, Duration.ofSeconds(40))).as("registration of " + ENDPOINT)
                .isPresent();

        UsimFixture fixture = UsimFixture.builder().signer(Signer.of(usimServer))
                .wrongRoleSigner(Signer.of(appServer)).deviceCertificate(device.certificate())
                .profiles(new ProvisionedProfiles(network.provisioning(OPERATOR), "Conformance Op"))
                .switchTimeout(Duration.ofSeconds(40)).build();
        report = ConformanceSuite.standard()
                .run(new ClientUnderTest(server, ENDPOINT, Duration.ofSeconds(5), fixture));
    }

    @AfterAll
    void stop() {
        if (terminal != null) {
            terminal.close();
        }
        if (bootstrap != null) {
            bootstrap.close();
        }
        if (server != null) {
            server.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void noCaseFails() {
        assertThat(report.results()).allSatisfy(r -> assertThat(r.verdict()).as(r.line()).isNotEqualTo(Verdict.FAIL));
        assertThat(report.succeeded()).as(report.text()).isTrue();
    }

    @Test
    void everyCaseAppliesToTheTerminalIncludingTheUsimOnes() {
        assertThat(report.results()).hasSize(ConformanceSuite.standard().cases().size());
        assertThat(report.results()).allSatisfy(r -> assertThat(r.verdict()).as(r.line()).isEqualTo(Verdict.PASS));
        assertThat(report.summaryLine())
                .isEqualTo(ConformanceSuite.standard().cases().size() + " passed, 0 failed, 0 not applicable");
    }

    @Test
    void eachRejectionCaseHitTheReasonItIsNamedFor() {
        // In this order; a case run twice after a re-registration (see ConformanceSuite) repeats its reason.
        assertThat(rejections).containsSubsequence(Reason.WRONG_DEVICE, Reason.REPLAYED, Reason.UNTRUSTED_SIGNER,
                Reason.SIGNER_ROLE_NOT_ALLOWED, Reason.EXPIRED, Reason.BAD_SIGNATURE);
        assertThat(Set.copyOf(rejections)).hasSize(6);
    }

    @Test
    void theTerminalCommittedOneSwitchAndRolledBackTheOther() {
        assertThat(switches).isNotEmpty();
        assertThat(switches.get(0)).startsWith("committed ");
        assertThat(switches.subList(1, switches.size())).isNotEmpty()
                .allSatisfy(s -> assertThat(s).startsWith("rolled back "));
        assertThat(terminal.currentProfile()).isPresent();
        assertThat(terminal.currentProfile().get().iccid().digits()).isEqualTo(switches.get(0).substring(10));
    }
}
