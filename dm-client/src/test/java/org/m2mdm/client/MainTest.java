package org.m2mdm.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.client.profiles.AtomicFiles;
import org.m2mdm.client.profiles.TestProfiles;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.network.sim.AccessNetworkServer;
import org.m2mdm.usim.UsimCredentials;

@Timeout(60)
class MainTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpDescribesTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--state-dir").contains("--network").contains("manufacture");
    }

    @Test
    void missingOrBadArgumentsAreUsageErrors() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required options");
        assertThat(run("--state-dir", "/tmp/x", "--network", "nohostport")).isEqualTo(2);
        assertThat(err.toString()).contains("expected HOST:PORT");
    }

    @Test
    void aCorruptStateDirectoryIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(StateDirectory.TERMINAL), "format=1\naas=coaps://aas.m2m.local\n");
        assertThat(Main.run("--state-dir", dir.toString(), "--network", "127.0.0.1:1")).isEqualTo(Main.EXIT_BAD_STATE);
        assertThat(catchStateError(dir)).contains("'endpoint' is missing");
        Files.writeString(dir.resolve(StateDirectory.TERMINAL), "format=1\nendpoint=ep\n");
        assertThat(catchStateError(dir)).contains(StateDirectory.DEVICE_KEY_PASSPHRASE).contains("missing");
    }

    private static String catchStateError(Path dir) {
        try {
            StateDirectory.open(dir);
            return "";
        } catch (StateDirectoryException e) {
            return e.getMessage();
        }
    }

    @Test
    void manufacturesAStateDirectoryAndRunsItAgainstARemoteNetwork(@TempDir Path dir) throws Exception {
        try (TestBed bed = new TestBed(); AccessNetworkServer remote = new AccessNetworkServer(bed.network, 0)) {
            Path ca = dir.resolve("ca.pem");
            Path caKey = dir.resolve("ca-key.pem");
            Files.writeString(dir.resolve("ca.pass"), "test-pass\n");
            bed.manufacturer.save(ca, caKey, "test-pass".toCharArray());
            Pem.writeCertificates(dir.resolve("aas.pem"), List.of(bed.aas.certificate()));
            Pem.writeCertificates(dir.resolve("roots.pem"), List.of(bed.provisioning.certificate()));
            UsimCredentials c = TestProfiles.credentials(TestBed.OP_A);
            bed.network.provisioning(TestBed.OP_A).createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
            Properties usim = new Properties();
            usim.setProperty("imsi", c.imsi().digits());
            usim.setProperty("mncLength", "2");
            usim.setProperty("iccid", c.iccid().digits());
            usim.setProperty("k", java.util.HexFormat.of().formatHex(c.k().bytes()));
            usim.setProperty("opc", java.util.HexFormat.of().formatHex(c.opc().bytes()));
            usim.setProperty("plmn", "001-01");
            AtomicFiles.writeProperties(dir.resolve("usim.properties"), usim);
            Path state = dir.resolve("terminal");
            String endpoint = "urn:imei:356938035643809";

            assertThat(run("manufacture", "--state-dir", state.toString(), "--endpoint", endpoint, "--ca-cert", ca.toString(),
                    "--ca-key", caKey.toString(), "--ca-passphrase-file", dir.resolve("ca.pass").toString(), "--aas",
                    "coaps://" + TestBed.AAS_NAME, "--aas-cert", dir.resolve("aas.pem").toString(), "--trust-anchors",
                    dir.resolve("roots.pem").toString(), "--usim-file", dir.resolve("usim.properties").toString()))
                    .as(err.toString()).isZero();
            assertThat(StateDirectory.open(state).identity().endpoint()).isEqualTo(endpoint);
            assertThat(run("manufacture", "--state-dir", state.toString(), "--endpoint", endpoint, "--ca-cert", ca.toString(),
                    "--ca-key", caKey.toString(), "--ca-passphrase-file", dir.resolve("ca.pass").toString(), "--aas", "x",
                    "--trust-anchors", dir.resolve("roots.pem").toString(), "--generate-ku"))
                    .as("refuses to overwrite a terminal").isEqualTo(Main.EXIT_BAD_STATE);

            bed.register(endpoint);
            int code = Main.run("--state-dir", state.toString(), "--network",
                    "127.0.0.1:" + remote.address().getPort(), "--run-for", "PT4S");
            assertThat(code).isZero();
            assertThat(bed.registrations.stream().anyMatch(r -> r.getEndpoint().equals(endpoint)))
                    .as("registered through the remote access network").isTrue();
        }
    }
}
