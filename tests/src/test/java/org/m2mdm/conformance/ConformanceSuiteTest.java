package org.m2mdm.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.WriteResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The suite's verdicts are real: a client that misbehaves fails the cases it breaks, each with a
 * reason that names what was expected and what came; a case that throws fails and the run goes on;
 * a client that is not registered fails every case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConformanceSuiteTest {
    private static final String ENDPOINT = "urn:conformance:misbehaving";

    private ConformanceServer server;
    private PlainLeshanClient client;
    private SuiteReport report;

    /** Accepts lifetime writes but keeps the old value. */
    public static final class ForgetfulServer extends Server {
        public ForgetfulServer() {
            super(PlainLeshanClient.SHORT_SERVER_ID, 300);
        }

        @Override
        public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
            if (resourceId == 1 && !server.isSystem()) {
                return WriteResponse.success();
            }
            return super.write(server, replace, resourceId, value);
        }
    }

    @BeforeAll
    void runAgainstMisbehavingClient() throws Exception {
        server = ConformanceServer.start();
        client = PlainLeshanClient.noSec(ENDPOINT, server.coapUri(), new ForgetfulServer(),
                new Device("", "model", "SN-1")).start();
        assertThat(server.awaitRegistration(ENDPOINT, Duration.ofSeconds(20))).isPresent();
        report = ConformanceSuite.standard().run(new ClientUnderTest(server, ENDPOINT, Duration.ofSeconds(2), null));
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
    void failsTheDeviceReadsWhenManufacturerIsEmpty() {
        assertThat(report.result("dev-01").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.result("dev-01").reason()).isEqualTo("READ /3/0 as TLV: Manufacturer /3/0/0 is empty");
        assertThat(report.result("dev-02").reason()).isEqualTo("READ /3/0 as SENML_JSON: Manufacturer /3/0/0 is empty");
    }

    @Test
    void failsTheWriteCaseWhenTheValueDoesNotStick() {
        CaseResult r = report.result("wri-01");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reason()).matches("wrote lifetime \\d+ to /1/0/1 but read back 300");
        assertThat(r.line()).startsWith("FAIL  wri-01  Writes Server lifetime").contains(" — wrote lifetime");
    }

    @Test
    void failsTheObserveCaseWhenNoNotificationComes() {
        assertThat(report.result("obs-01").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.result("obs-01").reason()).startsWith("no notification of /1/0/1 = ");
    }

    @Test
    void passesWhatTheClientStillDoesRight() {
        for (String id : List.of("reg-01", "reg-02", "exe-01", "err-01", "err-02", "err-03", "err-04")) {
            assertThat(report.result(id).verdict()).as(report.result(id).line()).isEqualTo(Verdict.PASS);
        }
        assertThat(report.succeeded()).isFalse();
        assertThat(report.summaryLine()).isEqualTo("7 passed, 4 failed, " + UsimCases.all().size() + " not applicable");
    }

    @Test
    void marksUsimCasesNotApplicableWithoutAFixtureEvenBeforeLookingAtObjects() {
        assertThat(report.results().stream().filter(r -> r.id().startsWith("usim-")))
                .allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.NOT_APPLICABLE));
    }

    @Test
    void aCaseThatThrowsFailsWithTheExceptionAndTheRunGoesOn() {
        ConformanceCase throwing = ConformanceCase.of("x-01", "Throws", c -> Optional.empty(), c -> {
            throw new IllegalStateException("boom");
        });
        ConformanceCase passing = ConformanceCase.of("x-02", "Passes", c -> Optional.empty(), c -> {
        });
        SuiteReport r = new ConformanceSuite(List.of(throwing, passing))
                .run(new ClientUnderTest(server, ENDPOINT, Duration.ofSeconds(2), null));
        assertThat(r.result("x-01").line()).isEqualTo("FAIL  x-01  Throws — IllegalStateException: boom");
        assertThat(r.result("x-02").verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.text()).endsWith("1 passed, 1 failed, 0 not applicable\n");
    }

    @Test
    void aCaseInterruptedByAReRegistrationRunsOnceMoreAndSaysSo() {
        int[] runs = { 0, 0 };
        ConformanceCase flaky = ConformanceCase.of("x-03", "Interrupted once", c -> Optional.empty(), c -> {
            if (runs[0]++ == 0) {
                throw new ReRegistrationException("WRITE /1/0/1 was cancelled");
            }
        });
        ConformanceCase stubborn = ConformanceCase.of("x-04", "Interrupted twice", c -> Optional.empty(), c -> {
            runs[1]++;
            throw new ReRegistrationException("WRITE /1/0/1 was cancelled");
        });
        SuiteReport r = new ConformanceSuite(List.of(flaky, stubborn))
                .run(new ClientUnderTest(server, ENDPOINT, Duration.ofSeconds(2), null));
        assertThat(r.result("x-03").line())
                .isEqualTo("PASS  x-03  Interrupted once — passed on a second attempt (WRITE /1/0/1 was cancelled)");
        assertThat(r.result("x-04").line()).isEqualTo("FAIL  x-04  Interrupted twice — WRITE /1/0/1 was cancelled");
        assertThat(runs).containsExactly(2, 2);
    }

    @Test
    void everyCaseFailsForAClientThatIsNotRegistered() {
        SuiteReport r = ConformanceSuite.standard()
                .run(new ClientUnderTest(server, "urn:conformance:absent", Duration.ofSeconds(1), null));
        assertThat(r.results()).allSatisfy(c -> {
            assertThat(c.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(c.reason()).isEqualTo("client urn:conformance:absent is not registered");
        });
    }
}
