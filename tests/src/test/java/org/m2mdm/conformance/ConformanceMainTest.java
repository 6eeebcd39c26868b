package org.m2mdm.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command-line runner as a user runs it against an external client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@SuppressWarnings("try") // the clients run while the runner works; the bodies need not touch them
class ConformanceMainTest {

    private record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConformanceMain.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A UDP port that was free a moment ago (the runner binds it itself, as a user's would). */
    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void runsEveryCaseAgainstAnExternalPskClientAndExitsZero() throws Exception {
        int coap = freeUdpPort();
        int coaps = freeUdpPort();
        String key = "a1a2a3a4a5a6a7a8a9aaabacadaeaf00";
        CompletableFuture<Run> runner = CompletableFuture.supplyAsync(() -> run("--endpoint", "urn:conformance:cli",
                "--coap-port", Integer.toString(coap), "--coaps-port", Integer.toString(coaps), "--psk-identity",
                "cli-id", "--psk-key", key, "--timeout", "5", "--register-timeout", "30"));
        Thread.sleep(300); // the runner is listening by then; the client retries anyway
        try (PlainLeshanClient client = PlainLeshanClient.psk("urn:conformance:cli",
                URI.create("coaps://127.0.0.1:" + coaps), "cli-id", HexFormat.of().parseHex(key)).start()) {
            Run r = runner.get(50, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.lines()).contains("PASS  reg-01  Registers with endpoint name and lifetime");
            long caseLines = r.lines().stream().filter(l -> l.matches("(PASS|FAIL|N/A )  \\S+  .*")).count();
            assertThat(caseLines).isEqualTo(ConformanceSuite.standard().cases().size());
            assertThat(r.lines().get(r.lines().size() - 1)).isEqualTo("11 passed, 0 failed, " + UsimCases.all().size() + " not applicable");
            assertThat(r.out()).doesNotContain(key);
        }
    }

    @Test
    void bootstrapsAClientThatKnowsOnlyTheBootstrapServerToItsPskEndpoint() throws Exception {
        int bootstrap = freeUdpPort();
        CompletableFuture<Run> runner = CompletableFuture.supplyAsync(() -> run("--endpoint", "urn:conformance:bs",
                "--coap-port", "0", "--coaps-port", "0", "--bootstrap-port", Integer.toString(bootstrap),
                "--psk-identity", "bs-id", "--psk-key", "0102030405060708090a0b0c0d0e0f10", "--timeout", "5",
                "--register-timeout", "30"));
        Thread.sleep(300);
        try (PlainLeshanClient client = PlainLeshanClient.bootstrapping("urn:conformance:bs",
                URI.create("coap://127.0.0.1:" + bootstrap)).start()) {
            Run r = runner.get(50, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.lines()).contains("bootstrap server on coap://127.0.0.1:" + bootstrap);
            assertThat(r.lines()).anyMatch(l -> l.startsWith("registered: urn:conformance:bs from"));
            assertThat(r.lines().get(r.lines().size() - 1)).isEqualTo("11 passed, 0 failed, " + UsimCases.all().size() + " not applicable");
        }
    }

    @Test
    void exitsOneWhenACaseFails() throws Exception {
        int coap = freeUdpPort();
        CompletableFuture<Run> runner = CompletableFuture.supplyAsync(() -> run("--endpoint", "urn:conformance:bad",
                "--coap-port", Integer.toString(coap), "--coaps-port", "0", "--timeout", "2"));
        Thread.sleep(300);
        try (PlainLeshanClient client = PlainLeshanClient.noSec("urn:conformance:bad",
                URI.create("coap://127.0.0.1:" + coap), PlainLeshanClient.standardServer(),
                new org.eclipse.leshan.client.object.Device("", "m", "s")).start()) {
            Run r = runner.get(50, TimeUnit.SECONDS);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.lines()).anyMatch(l -> l.startsWith("FAIL  dev-01  ") && l.endsWith("is empty"));
            assertThat(r.lines().get(r.lines().size() - 1)).endsWith("2 failed, " + UsimCases.all().size() + " not applicable");
        }
    }

    @Test
    void exitsTwoWhenTheClientNeverRegisters() {
        Run r = run("--endpoint", "urn:conformance:nobody", "--coap-port", "0", "--coaps-port", "0",
                "--register-timeout", "1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("urn:conformance:nobody did not register within 1 s");
    }

    @Test
    void refusesHalfAPreSharedKey() {
        Run r = run("--endpoint", "ep", "--psk-identity", "id");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--psk-identity and --psk-key go together");
    }

    @Test
    void refusesAPskKeyThatIsNotHex() {
        Run r = run("--endpoint", "ep", "--psk-identity", "id", "--psk-key", "xyz");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--psk-key must be non-empty hex");
    }

    @Test
    void refusesAnIncompleteUsimFixture() {
        Run r = run("--endpoint", "ep", "--signer-key", "k.pem");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--signer-key, --signer-chain and --device-cert go together");
    }

    @Test
    void requiresTheEndpointName() {
        Run r = run("--coap-port", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--endpoint=EP'");
    }
}
