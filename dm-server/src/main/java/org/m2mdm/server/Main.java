package org.m2mdm.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar dm-server.jar}: starts every role with embedded defaults. Settings come from, in increasing
 * priority: built-in defaults, a properties file ({@code --config}), {@code M2MDM_*} environment variables and
 * command-line options. Exit codes: 0 normal stop, 1 the server could not start (port in use, damaged data
 * directory...), 2 bad usage or configuration.
 */
@Command(name = "dm-server", mixinStandardHelpOptions = true, version = "m2m-dm dm-server 0.1.0",
        description = "Operator side of m2m-dm: activation service (LwM2M bootstrap server), USIM and application"
                + " management servers, operator HTTP API, durable jobs and an embedded simulated network.",
        subcommands = {Main.Demo.class, Main.RotateMasterKey.class},
        footerHeading = "%nSettings (properties file key / environment variable, [default]):%n")
public final class Main implements java.util.concurrent.Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_START_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Option(names = "--config", paramLabel = "FILE", description = "Java properties file with settings (keys below)")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory [./m2mdm-data]")
    Path dataDir;

    @Option(names = "--http-host", paramLabel = "ADDR", description = "HTTP API bind address [127.0.0.1]")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP API port [8080]; 0 = any free port")
    Integer httpPort;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "database JDBC URL [embedded H2 under the data"
            + " directory]; give user and password with M2MDM_JDBC_USER / M2MDM_JDBC_PASSWORD")
    String jdbcUrl;

    @Option(names = "--roles", paramLabel = "LIST", description = "roles to run: aas,usim,application,api,jobs,"
            + "connectivity [all]")
    String roles;

    @Option(names = "--bootstrap-port", paramLabel = "PORT", description = "AAS CoAPS port [5784]")
    Integer bootstrapPort;

    @Option(names = "--usim-port", paramLabel = "PORT", description = "USIM management server CoAPS port [5684]")
    Integer usimPort;

    @Option(names = "--application-port", paramLabel = "PORT",
            description = "application management server CoAPS port [5686]")
    Integer applicationPort;

    @Option(names = "--operators", paramLabel = "LIST", description = "simulated operators, PLMN=name,..."
            + " [001-01=M2M Demo Telecom,001-02=Visited Net]")
    String operators;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "any setting below, e.g. -s jobs.concurrency=8")
    Map<String, String> settings = new LinkedHashMap<>();

    private Map<String, String> env = Map.of();
    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private Consumer<DmServer> whenStarted;

    /**
     * Points to the demo: it runs simulated terminals (dm-client), which dm-server must not depend on, so
     * the demo jar is built by the tests module.
     */
    @Command(name = "demo", description = "Explain how to run the end-to-end demo (server + simulated fleet).")
    static final class Demo implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("dm-server demo: the demo runs a fleet of simulated terminals and is"
                    + " packaged by the tests module: run `java -jar tests/target/m2m-dm-demo.jar` after"
                    + " `mvn -B package -DskipTests` (see README.md).");
            return EXIT_USAGE;
        }
    }

    /** Rotates the master key of a stopped server's data directory and re-encrypts every stored secret. */
    @Command(name = "rotate-master-key", description = "Add a new master key, re-encrypt every secret in the"
            + " database under it and retire the old keys (stop the server first; give --data-dir/--config before"
            + " the subcommand).")
    static final class RotateMasterKey implements java.util.concurrent.Callable<Integer> {
        @CommandLine.ParentCommand
        Main parent;

        @Override
        public Integer call() {
            ServerConfig config;
            try {
                config = parent.configuration();
            } catch (IllegalArgumentException e) {
                parent.err.println("dm-server: " + e.getMessage());
                return EXIT_USAGE;
            }
            DataDirectory dir = new DataDirectory(config.dataDir());
            if (!dir.isInitialized()) {
                parent.err.println("dm-server: " + dir.root() + " is not an initialized data directory");
                return EXIT_USAGE;
            }
            try (org.m2mdm.server.store.Stores stores = DmServer.openStores(config, dir,
                    java.time.Clock.systemUTC())) {
                int rewritten = stores.rotateMasterKey();
                parent.out.println("master key rotated; " + rewritten + " stored secrets re-encrypted under key "
                        + stores.cipher().currentKeyId());
                return EXIT_OK;
            } catch (StartupException e) {
                parent.err.println("dm-server: cannot rotate the master key: " + e.getMessage());
                return EXIT_START_FAILED;
            }
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err, null));
    }

    /**
     * Runs the command line. With {@code whenStarted == null} a successful start blocks until the JVM shuts down
     * (Ctrl-C); otherwise the running server is handed to it and closed when it returns (used by tests).
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
                   Consumer<DmServer> whenStarted) {
        Main main = new Main();
        main.env = env;
        main.out = out;
        main.err = err;
        main.whenStarted = whenStarted;
        CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.getCommandSpec().usageMessage().footer(settingsFooter());
        return cl.execute(args);
    }

    private static String settingsFooter() {
        return ServerConfig.KEYS.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "  %s  (%s)%n      %s", e.getKey(), envName(e.getKey()),
                        e.getValue()))
                .collect(Collectors.joining("%n")) + "%n";
    }

    static String envName(String key) {
        return "M2MDM_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    @Override
    public Integer call() {
        ServerConfig config;
        try {
            config = configuration();
        } catch (IllegalArgumentException e) {
            err.println("dm-server: " + e.getMessage());
            return EXIT_USAGE;
        }
        DmServer server;
        try {
            server = DmServer.start(config);
        } catch (StartupException e) {
            err.println("dm-server: cannot start: " + e.getMessage());
            return EXIT_START_FAILED;
        }
        printBanner(server);
        if (whenStarted != null) {
            try {
                whenStarted.accept(server);
            } finally {
                server.close();
            }
            return EXIT_OK;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "dm-server-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return EXIT_OK;
    }

    /** Defaults, then the config file, then the environment, then the command line. */
    ServerConfig configuration() {
        ServerConfig.Builder b = ServerConfig.builder();
        if (configFile != null) {
            b.apply(readProperties(configFile), "config file " + configFile);
        }
        b.applyEnvironment(env);
        Map<String, String> cli = new LinkedHashMap<>(settings);
        putIf(cli, "data.dir", dataDir);
        putIf(cli, "http.host", httpHost);
        putIf(cli, "http.port", httpPort);
        putIf(cli, "jdbc.url", jdbcUrl);
        putIf(cli, "roles", roles);
        putIf(cli, "bootstrap.port", bootstrapPort);
        putIf(cli, "usim.coaps.port", usimPort);
        putIf(cli, "application.coaps.port", applicationPort);
        putIf(cli, "operators", operators);
        b.apply(cli, "the command line");
        return b.build();
    }

    private static void putIf(Map<String, String> m, String key, Object value) {
        if (value != null) {
            m.put(key, value.toString());
        }
    }

    private static Map<String, String> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private void printBanner(DmServer s) {
        List<String> lines = new ArrayList<>();
        lines.add("m2m-dm dm-server started; data directory " + s.dataDirectory().root());
        s.httpUri().ifPresent(u -> {
            lines.add("  HTTP API       " + u.resolve("api/v1"));
            lines.add("  OpenAPI        " + u.resolve("api/v1/openapi.json"));
            lines.add("  portal         " + u);
        });
        s.bootstrapUri().ifPresent(u -> lines.add("  AAS            " + u + "  (in the simulated DNS as "
                + s.config().aasDnsName() + ")"));
        s.usimServerUri().ifPresent(u -> lines.add("  USIM mgmt      " + u));
        s.applicationServerUri().ifPresent(u -> lines.add("  app mgmt       " + u));
        s.network().ifPresent(n -> lines.add("  network        simulated operators " + s.config().operators().stream()
                .map(o -> o.plmn() + " (" + o.name() + ")").collect(Collectors.joining(", "))));
        if (s.jobEngine().isPresent()) {
            lines.add("  jobs           running (global concurrency " + s.config().jobsConcurrency() + ")");
        }
        lines.add("  manufacturer CA " + s.dataDirectory().pki().resolve("manufacturer-ca.pem"));
        if (s.isFirstStart()) {
            lines.add("  first start: tenant '" + s.config().demoTenant() + "' created; its API token was written to "
                    + s.apiTokenFile() + " (mode 0600)");
        } else {
            lines.add("  API token of tenant '" + s.config().demoTenant() + "': see " + s.apiTokenFile()
                    + " (written on the first start)");
        }
        lines.forEach(out::println);
        out.flush();
    }
}
