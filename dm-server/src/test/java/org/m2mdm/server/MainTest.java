package org.m2mdm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: help, configuration precedence, and clear failures with a non-zero exit code. */
@Timeout(120)
class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), server -> { });
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String[] ephemeral(String... more) {
        List<String> a = new ArrayList<>(List.of("--data-dir", dir.resolve("data").toString(), "--http-port", "0",
                "--bootstrap-port", "0", "--usim-port", "0", "--application-port", "0"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void helpListsOptionsSettingsAndEnvironmentVariables() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(stdout()).contains("--config", "--data-dir", "--http-port", "--roles", "demo",
                "http.port", "M2MDM_HTTP_PORT", "jdbc.url", "M2MDM_JDBC_URL");
    }

    @Test
    void demoSubcommandPointsToTheDemoJar() {
        assertThat(run(Map.of(), "demo")).isEqualTo(Main.EXIT_USAGE);
        assertThat(stderr()).contains("tests/target/m2m-dm-demo.jar");
    }

    @Test
    void commandLineBeatsEnvironmentBeatsConfigFileBeatsDefaults() throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "http.port=9001\njobs.concurrency=3\ndemo.tenant=from-file\nhttp.host=127.0.0.2\n");
        Main main = new Main();
        new CommandLine(main).parseArgs("--config", file.toString(), "--http-port", "9003");
        java.lang.reflect.Field env = Main.class.getDeclaredField("env");
        env.setAccessible(true);
        env.set(main, Map.of("M2MDM_HTTP_PORT", "9002", "M2MDM_DEMO_TENANT", "from-env", "PATH", "/bin"));
        ServerConfig c = main.configuration();
        assertThat(c.httpPort()).isEqualTo(9003);
        assertThat(c.demoTenant()).isEqualTo("from-env");
        assertThat(c.jobsConcurrency()).isEqualTo(3);
        assertThat(c.httpHost()).isEqualTo("127.0.0.2");
        assertThat(c.bootstrapPort()).isEqualTo(5784);
    }

    @Test
    void unknownSettingOrBadValueIsAUsageError() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "http.prot=9001\n");
        assertThat(run(Map.of(), "--config", file.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(stderr()).contains("unknown setting 'http.prot'");
        assertThat(run(Map.of("M2MDM_HTTP_PORT", "eighty"))).isEqualTo(Main.EXIT_USAGE);
        assertThat(stderr()).contains("http.port").contains("not an integer");
    }

    @Test
    void startsPrintsTheUrlsAndWhereTheTokenIs() {
        AtomicReference<DmServer> seen = new AtomicReference<>();
        int code = Main.run(ephemeral(), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), seen::set);
        assertThat(code).as(stderr()).isZero();
        assertThat(stdout()).contains("HTTP API       http://127.0.0.1:", "/api/v1/openapi.json", "AAS            coaps://",
                "api-token.txt (mode 0600)");
        assertThat(seen.get()).isNotNull();
    }

    @Test
    void rotatesTheMasterKeyOfAStoppedServerAndSecretsStillDecrypt() throws Exception {
        byte[] k = java.util.HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        AtomicReference<String> setId = new AtomicReference<>();
        assertThat(Main.run(ephemeral(), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), server -> setId.set(server.stores().usimCredentials()
                        .create(server.demoTenantId(), new org.m2mdm.server.store.NewUsimCredentialSet("001010000000077",
                                org.m2mdm.usim.Iccid.withCheckDigit("890010100000000077").digits(),
                                new org.m2mdm.server.store.UsimSecret(k, k), "MILENAGE", 0x8000, "001-01")).id())))
                .as(stderr()).isZero();
        String keysBefore = Files.readString(dir.resolve("data/keys/master.keys"));

        assertThat(run(Map.of(), "--data-dir", dir.resolve("data").toString(), "rotate-master-key")).as(stderr())
                .isZero();
        assertThat(stdout()).contains("master key rotated;");
        assertThat(Files.readString(dir.resolve("data/keys/master.keys"))).isNotEqualTo(keysBefore);

        AtomicReference<byte[]> after = new AtomicReference<>();
        assertThat(Main.run(ephemeral(), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), server -> after.set(server.stores().usimCredentials()
                        .secret(server.demoTenantId(), setId.get()).orElseThrow().k()))).isZero();
        assertThat(after.get()).isEqualTo(k);
    }

    @Test
    void rotatingTheKeyOfAnUninitializedDirectoryIsAUsageError() {
        assertThat(run(Map.of(), "--data-dir", dir.resolve("nothing").toString(), "rotate-master-key"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(stderr()).contains("not an initialized data directory");
    }

    @Test
    void httpPortInUseIsAClearErrorWithExitCode1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String[] args = ephemeral();
            args[3] = String.valueOf(taken.getLocalPort());
            assertThat(run(Map.of(), args)).isEqualTo(Main.EXIT_START_FAILED);
            assertThat(stderr()).contains("cannot start").contains("HTTP port 127.0.0.1:" + taken.getLocalPort())
                    .contains("already in use");
        }
    }

    @Test
    void lwm2mPortInUseIsAClearErrorWithExitCode1() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            String[] args = ephemeral();
            args[7] = String.valueOf(taken.getLocalPort());
            assertThat(args[6]).isEqualTo("--usim-port");
            assertThat(run(Map.of(), args)).isEqualTo(Main.EXIT_START_FAILED);
            assertThat(stderr()).contains("USIM management server cannot bind UDP port 127.0.0.1:"
                    + taken.getLocalPort()).contains("already in use");
        }
    }

    @Test
    void corruptDatabaseFileIsAClearErrorWithExitCode1() throws Exception {
        Path db = dir.resolve("data/db/m2mdm.mv.db");
        Files.createDirectories(db.getParent());
        byte[] garbage = new byte[8192];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(db, garbage);
        assertThat(run(Map.of(), ephemeral())).isEqualTo(Main.EXIT_START_FAILED);
        assertThat(stderr()).contains("cannot start").contains("corrupt");
    }

    @Test
    void damagedPkiIsAClearErrorWithExitCode1() throws Exception {
        assertThat(run(Map.of(), ephemeral())).as(stderr()).isZero();
        Files.writeString(dir.resolve("data/pki/provisioning-root.key.pem"), "-----BEGIN NONSENSE-----\n");
        assertThat(run(Map.of(), ephemeral())).isEqualTo(Main.EXIT_START_FAILED);
        assertThat(stderr()).contains("data directory is damaged").contains("provisioning-root");
    }

    @Test
    void dataDirectoryThatIsAFileIsAClearError() throws Exception {
        Files.writeString(dir.resolve("data"), "not a directory");
        assertThat(run(Map.of(), ephemeral())).isEqualTo(Main.EXIT_START_FAILED);
        assertThat(stderr()).contains("is not a directory");
    }
}
