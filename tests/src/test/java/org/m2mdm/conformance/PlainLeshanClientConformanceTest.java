package org.m2mdm.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.trust.SignerRole;

/**
 * The suite against a stock Leshan client over DTLS-PSK: every generic case passes, and every USIM
 * case is not applicable because the client's object links lack 504, 505 and 32769 — even though
 * the run has a complete USIM fixture.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PlainLeshanClientConformanceTest {
    private static final String ENDPOINT = "urn:conformance:plain-leshan";
    private static final byte[] PSK = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    private ConformanceServer server;
    private PlainLeshanClient client;
    private SuiteReport report;

    @BeforeAll
    void runSuite() throws Exception {
        server = ConformanceServer.start();
        server.addPreSharedKey(ENDPOINT, "plain-psk-id", PSK);
        client = PlainLeshanClient.psk(ENDPOINT, server.coapsUri(), "plain-psk-id", PSK).start();
        assertThat(server.awaitRegistration(ENDPOINT, Duration.ofSeconds(20))).as("registration").isPresent();

        CertificateAuthority ca = CertificateAuthority.createRoot("Plain test root", Duration.ofDays(1));
        DeviceIdentity device = ca.issueDevice(ENDPOINT);
        UsimFixture fixture = UsimFixture.builder()
                .signer(Signer.of(ca.issueServer("usim-server", java.util.Set.of(SignerRole.USIM_MANAGEMENT))))
                .deviceCertificate(device.certificate()).build();
        report = ConformanceSuite.standard()
                .run(new ClientUnderTest(server, ENDPOINT, Duration.ofSeconds(5), fixture));
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyGenericCasePasses() {
        List<CaseResult> generic = report.results().stream().filter(r -> !r.id().startsWith("usim-")).toList();
        assertThat(generic).isNotEmpty();
        assertThat(generic).allSatisfy(r -> assertThat(r.verdict()).as(r.line()).isEqualTo(Verdict.PASS));
    }

    @Test
    void everyUsimCaseIsNotApplicableForAClientWithoutTheUsimTrees() {
        List<CaseResult> usim = report.results().stream().filter(r -> r.id().startsWith("usim-")).toList();
        assertThat(usim).hasSize(UsimCases.all().size());
        assertThat(usim).allSatisfy(r -> {
            assertThat(r.verdict()).as(r.line()).isEqualTo(Verdict.NOT_APPLICABLE);
            assertThat(r.reason()).contains("/504, /505 and /32769");
        });
    }

    @Test
    void reportsOneLinePerCaseAndASummary() {
        assertThat(report.results()).hasSize(ConformanceSuite.standard().cases().size());
        assertThat(report.result("reg-01").line())
                .isEqualTo("PASS  reg-01  Registers with endpoint name and lifetime");
        assertThat(report.summaryLine()).isEqualTo(report.passed() + " passed, 0 failed, "
                + UsimCases.all().size() + " not applicable");
        assertThat(report.succeeded()).isTrue();
    }
}
