package org.m2mdm.fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.m2mdm.server.StartupException;
import org.m2mdm.usim.Plmn;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo: starts a dm-server with embedded defaults on a fresh data directory, a simulated network with three
 * operators and a small fleet of in-JVM terminals that walk through scenario 1 (preconfigured AAS), scenario 2
 * (OTA SMS trigger), scenario 3 (Ku only) and one operator change, with a live line per terminal and a summary table; then leaves the API
 * running for exploration (Ctrl-C stops it) unless {@code --exit} is given.
 */
@Command(name = "m2m-dm-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs dm-server, a simulated network and a small fleet of terminals through the activation "
                + "scenarios, then leaves the HTTP API running.")
public final class Demo implements Callable<Integer> {
    static final Plmn HOME = Plmn.of("001", "01");
    static final Plmn VISITED = Plmn.of("002", "02");
    static final Plmn NEXT = Plmn.of("003", "03");
    private static final int MAX_TERMINALS = 30;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "data directory (must be new or empty) [a fresh temporary directory]")
    Path dataDir;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
            description = "HTTP API port on 127.0.0.1, 0 = any free port [${DEFAULT-VALUE}]")
    int httpPort;

    @Option(names = "--terminals", paramLabel = "N", defaultValue = "6",
            description = "fleet size, 4.." + MAX_TERMINALS + " [${DEFAULT-VALUE}]")
    int terminals;

    @Option(names = "--exit", description = "stop after the summary instead of leaving the API running")
    boolean exit;

    @Option(names = "--plain", description = "print status changes as lines instead of redrawing live lines")
    boolean plain;

    private final PrintStream out;

    Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        // before any logger exists: the console shows the progress, so only errors are logged (to stderr);
        // expected warnings (a network rejecting f(Ku), Leshan's notes on certificates) would garble the lines
        for (String logger : new String[] {"defaultLogLevel", "log.org.eclipse", "log.org.m2mdm", "log.com.zaxxer",
                "log.org.flywaydb", "log.org.h2"}) {
            System.setProperty("org.slf4j.simpleLogger." + logger,
                    System.getProperty("org.slf4j.simpleLogger." + logger, "error"));
        }
        System.exit(run(System.out, args));
    }

    /** Runs the demo as the command line would; returns the exit code (0 = every terminal ready). */
    public static int run(PrintStream out, String... args) {
        CommandLine cl = new CommandLine(new Demo(out));
        java.io.PrintWriter writer = new java.io.PrintWriter(out, true);
        cl.setOut(writer);
        cl.setErr(writer);
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (terminals < 4 || terminals > MAX_TERMINALS) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--terminals must be 4.." + MAX_TERMINALS + ", got " + terminals);
        }
        Path dir = dataDirectory();
        out.println("m2m-dm demo — data directory " + dir);
        out.println("starting dm-server (AAS, USIM + application management, HTTP API, H2) and a simulated network"
                + " with 3 operators ...");
        Deployment deployment;
        try {
            deployment = Deployment.builder(dir).operator(HOME, "M2M Demo Telecom").operator(VISITED, "Beta Mobile")
                    .operator(NEXT, "Gamma Networks").httpPort(httpPort).start();
        } catch (StartupException e) {
            out.println("cannot start: " + e.getMessage());
            if (dataDir == null) {
                deleteTree(dir); // our own temporary directory: nothing in it is worth keeping
            }
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            deployment.close();
            stopped.countDown();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            URI http = deployment.server().httpUri().orElseThrow();
            out.println("dm-server is up: API " + http.resolve("/api/v1") + ", AAS " + deployment.aasUri());
            out.println();
            Deployment.Partner gamma = deployment.startPartner("gamma", NEXT);
            List<FleetTerminal> fleet = walkFleet(deployment, gamma);
            boolean allReady = fleet.stream().allMatch(t -> t.outcome() == FleetTerminal.Outcome.READY);
            if (exit) {
                return allReady ? 0 : 1;
            }
            out.println();
            out.println("The API is running — explore it:");
            out.println("  portal      " + http.resolve("/"));
            out.println("  API         " + http.resolve("/api/v1/devices"));
            out.println("  OpenAPI     " + http.resolve("/api/v1/openapi.json"));
            out.println("  token file  " + deployment.server().apiTokenFile());
            out.println("  try         curl -H \"Authorization: Bearer $(cat " + deployment.server().apiTokenFile()
                    + ")\" " + http.resolve("/api/v1/devices"));
            out.println("  data        " + dir);
            out.println("  Gamma Networks' own dm-server: " + gamma.server().httpUri().orElseThrow().resolve("/api/v1")
                    + " (token file " + gamma.server().apiTokenFile() + ")");
            out.println("Press Ctrl-C to stop.");
            stopped.await();
            return allReady ? 0 : 1;
        } finally {
            if (exit) {
                Runtime.getRuntime().removeShutdownHook(hook);
                deployment.close();
            }
        }
    }

    private List<FleetTerminal> walkFleet(Deployment deployment, Deployment.Partner gamma) throws InterruptedException {
        String parameterSet = deployment.api().createAppParameterSet("meter-reading", "1.0",
                List.of("coap://127.0.0.1:5999"), Map.of("interval", "900", "unit", "kWh")).path("id").asText();
        JourneyWalker walker = new JourneyWalker(deployment, HOME, VISITED, NEXT, parameterSet, gamma);
        List<FleetTerminal> fleet = new ArrayList<>();
        List<Journey> rotation = List.of(Journey.PRECONFIGURED_AAS, Journey.DYNAMIC_AAS, Journey.SYNTHETIC_CREDENTIALS);
        for (int i = 0; i < terminals; i++) {
            // one operator change; the others take the three activation scenarios in turn
            Journey j = i == 3 ? Journey.OPERATOR_CHANGE : rotation.get((i < 3 ? i : i - 1) % rotation.size());
            fleet.add(new FleetTerminal("T" + (i + 1), j, JourneyWalker.steps(j)));
        }
        FleetConsole console = new FleetConsole(out, !plain && System.console() != null
                && !"dumb".equals(System.getenv("TERM")), fleet);
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "demo-walk");
            t.setDaemon(true);
            return t;
        });
        fleet.forEach(t -> pool.execute(() -> walker.walk(t)));
        pool.shutdown();
        while (!pool.awaitTermination(250, TimeUnit.MILLISECONDS)) {
            console.refresh();
        }
        console.refresh();
        console.summary();
        return fleet;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temporary directory
        }
    }

    private Path dataDirectory() throws IOException {
        if (dataDir == null) {
            return Files.createTempDirectory("m2mdm-demo-");
        }
        Path d = dataDir.toAbsolutePath().normalize();
        if (Files.exists(d)) {
            if (!Files.isDirectory(d)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--data-dir " + d + " is a file");
            }
            try (Stream<Path> s = Files.list(d)) {
                if (s.findAny().isPresent()) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--data-dir " + d
                            + " is not empty: the demo needs a new directory (its simulated network lives in memory)");
                }
            }
        }
        return Files.createDirectories(d);
    }
}
