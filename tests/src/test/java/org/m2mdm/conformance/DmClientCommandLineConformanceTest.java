package org.m2mdm.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.client.Terminal;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.envelope.pki.ServerIdentity;
import org.m2mdm.envelope.trust.SignerRole;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * The command-line runner as a user points it at a dm-client terminal: the fixture comes as PEM
 * files, a passphrase file and a profile properties file; the terminal knows only the runner's
 * bootstrap port. Every case applies and passes, and nothing printed contains a key, K or OPc.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class DmClientCommandLineConformanceTest {
    private static final Plmn OPERATOR = Plmn.of("001", "02");

    @TempDir
    Path dir;

    @Test
    void runsEveryCaseFromFilesAgainstATerminalThatKnowsOnlyTheBootstrapPort() throws Exception {
        CertificateAuthority manufacturer = CertificateAuthority.createRoot("CLI manufacturer CA", Duration.ofDays(1));
        CertificateAuthority provisioning = CertificateAuthority.createRoot("CLI provisioning root", Duration.ofDays(1));
        ServerIdentity usimServer = provisioning.issueServer("cli-usim", Set.of(SignerRole.USIM_MANAGEMENT));
        ServerIdentity appServer = provisioning.issueServer("cli-apps", Set.of(SignerRole.APPLICATION_MANAGEMENT));
        String endpoint = ConformanceTerminal.newEndpoint();
        DeviceIdentity device = manufacturer.issueDevice(endpoint);

        char[] passphrase = "cli test passphrase".toCharArray();
        Files.writeString(dir.resolve("pass.txt"), new String(passphrase) + "\n");
        Pem.writePrivateKey(dir.resolve("usim-key.pem"), usimServer.keyPair().getPrivate(), passphrase);
        Pem.writeCertificates(dir.resolve("usim-chain.pem"), usimServer.certificateChain());
        Pem.writePrivateKey(dir.resolve("app-key.pem"), appServer.keyPair().getPrivate(), passphrase);
        Pem.writeCertificates(dir.resolve("app-chain.pem"), appServer.certificateChain());
        Pem.writeCertificates(dir.resolve("device-cert.pem"), List.of(device.certificate()));

        int coap = freeUdpPort();
        int coaps = freeUdpPort();
        int bootstrapPort = freeUdpPort();
        String pskKey = "fedcba98765432100123456789abcdef";
        try (SimulatedNetwork network = SimulatedNetwork.builder().operator(OPERATOR, "CLI Op").build()) {
            UsimCredentials next = ConformanceTerminal.newUsim(OPERATOR);
            network.provisioning(OPERATOR).createSubscription(next, SubscriptionState.ACTIVE,
                    DestinationFilter.allowAll());
            HexFormat hex = HexFormat.of();
            Files.writeString(dir.resolve("profile.properties"), String.join("\n",
                    "imsi=" + next.imsi().digits(), "mncLength=2", "iccid=" + next.iccid().digits(),
                    "k=" + hex.formatHex(next.k().bytes()), "opc=" + hex.formatHex(next.opc().bytes()),
                    "plmn=" + OPERATOR, "operatorName=CLI Op") + "\n", StandardCharsets.UTF_8);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> runner = CompletableFuture.supplyAsync(() -> ConformanceMain.commandLine()
                    .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(
                            "--endpoint", endpoint, "--coap-port", Integer.toString(coap), "--coaps-port",
                            Integer.toString(coaps), "--bootstrap-port", Integer.toString(bootstrapPort),
                            "--psk-identity", "cli-terminal", "--psk-key", pskKey,
                            "--signer-key", dir.resolve("usim-key.pem").toString(),
                            "--signer-chain", dir.resolve("usim-chain.pem").toString(),
                            "--device-cert", dir.resolve("device-cert.pem").toString(),
                            "--wrong-role-signer-key", dir.resolve("app-key.pem").toString(),
                            "--wrong-role-signer-chain", dir.resolve("app-chain.pem").toString(),
                            "--passphrase-file", dir.resolve("pass.txt").toString(),
                            "--attachable-profile", dir.resolve("profile.properties").toString(),
                            "--timeout", "5", "--switch-timeout", "40", "--register-timeout", "60"));
            URI bootstrap = URI.create("coap://127.0.0.1:" + bootstrapPort);
            try (Terminal terminal = ConformanceTerminal.manufacture(dir, network, OPERATOR, device, bootstrap,
                    Optional.empty(), provisioning.certificate(), ConformanceTerminal.address(bootstrap),
                    new InetSocketAddress("127.0.0.1", coaps)).build()) {
                terminal.start();
                int exit = runner.get(120, TimeUnit.SECONDS);
                List<String> lines = out.toString().lines().toList();
                assertThat(exit).as(out + "\n" + err).isZero();
                assertThat(lines.get(lines.size() - 1)).isEqualTo(
                        ConformanceSuite.standard().cases().size() + " passed, 0 failed, 0 not applicable");
                assertThat(lines).anyMatch(l -> l.startsWith("PASS  usim-04  Switches to the installed profile"));
                assertThat(out.toString() + err).doesNotContain(pskKey).doesNotContain(hex.formatHex(next.k().bytes()))
                        .doesNotContain(hex.formatHex(next.opc().bytes()));
                assertThat(terminal.currentProfile()).map(p -> p.iccid()).contains(next.iccid());
            }
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
