package org.m2mdm.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.m2mdm.client.Terminal;
import org.m2mdm.client.TerminalBuilder;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.server.DmServer;
import org.m2mdm.server.ServerConfig;
import org.m2mdm.server.ServerPki;
import org.m2mdm.usim.Plmn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of one simulated deployment in this JVM: a {@link SimulatedNetwork} with its operators, one
 * {@link DmServer} with embedded defaults on a data directory (ports as configured, 0 = ephemeral) provisioning
 * that network, the tenant's API token, a {@link DmApi} and a {@link TerminalFactory} minting terminals the
 * server's AAS admits. Terminals started through {@link #start} are stopped by {@link #close}.
 */
public final class Deployment implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Deployment.class);
    private final SimulatedNetwork network;
    private final DmServer server;
    private final DmApi api;
    private final TerminalFactory factory;
    private final Map<Plmn, String> operators;
    private final Path workshop;
    private final TerminalTiming timing;
    private final List<Terminal> terminals = new ArrayList<>();
    private final List<DmServer> partners = new ArrayList<>();
    private final Path dataDir;

    private Deployment(Builder b) {
        this.operators = Map.copyOf(b.operators);
        this.timing = b.timing;
        this.dataDir = b.dataDir;
        SimulatedNetwork.Builder nb = SimulatedNetwork.builder().smsRetryInterval(b.smsRetryInterval);
        List<ServerConfig.Operator> configured = new ArrayList<>();
        b.operators.forEach((plmn, name) -> {
            nb.operator(plmn, name);
            configured.add(new ServerConfig.Operator(plmn.toString(), name));
        });
        this.network = nb.build();
        DmServer started = null;
        try {
            ServerConfig.Builder cb = ServerConfig.builder().dataDir(b.dataDir.resolve("server"))
                    .operators(configured).operatorPlmn(configured.get(0).plmn());
            cb.ephemeralPorts();
            if (b.httpPort != 0) {
                cb.httpPort(b.httpPort);
            }
            started = DmServer.builder(quick(cb).build()).network(network).start();
            this.server = started;
            String token = Files.readString(started.apiTokenFile()).trim();
            this.api = new DmApi(started.httpUri().orElseThrow(() -> new IllegalStateException("the API role is off")),
                    token);
            ServerPki pki = started.pki();
            this.workshop = Files.createDirectories(b.dataDir.resolve("terminals"));
            this.factory = new TerminalFactory(pki.manufacturerCa(), pki.activationServer().certificateChain().get(0),
                    TrustPolicy.standard(List.of(pki.provisioningRoot().certificate())), workshop);
        } catch (IOException | RuntimeException e) {
            if (started != null) {
                started.close();
            }
            network.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Job polling, retries and the USIM switch follow-up short enough for an interactive demo and for tests. */
    private static ServerConfig.Builder quick(ServerConfig.Builder b) {
        return b.jobs(16, 8, Duration.ofMillis(200)).jobRetries(5, Duration.ofMillis(500), Duration.ofSeconds(5))
                .usimFollowTimeout(Duration.ofSeconds(45));
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public SimulatedNetwork network() {
        return network;
    }

    public DmServer server() {
        return server;
    }

    public DmApi api() {
        return api;
    }

    public TerminalFactory factory() {
        return factory;
    }

    public String operatorName(Plmn plmn) {
        return operators.get(plmn);
    }

    /** The AAS's coaps URI, as written into preconfigured terminals. */
    public String aasUri() {
        return server.bootstrapUri().orElseThrow(() -> new IllegalStateException("the AAS role is off")).toString();
    }

    /** A terminal builder for {@code t} on this network, with the deployment's (short) timeouts. */
    public TerminalBuilder terminal(ManufacturedTerminal t) {
        return timing.apply(Terminal.builder().stateDirectory(t.stateDirectory()).network(network));
    }

    /** Builds and starts a terminal (switch on); it is stopped when the deployment closes. */
    public Terminal start(TerminalBuilder builder) {
        Terminal t = builder.build();
        synchronized (terminals) {
            terminals.add(t);
        }
        t.start();
        return t;
    }

    /**
     * Starts another operator's dm-server on the same network: its own data directory, database, PKI and tenant,
     * no AAS. Its management server also listens on plain CoAP: the home AAS cannot hand out PSKs that this
     * server's database knows, so a terminal sent here registers without DTLS and relies on the envelopes (sealed
     * for its device key, signed under this server's PKI) for the USIM secrets. Closed with the deployment.
     */
    public Partner startPartner(String name, Plmn operator) {
        List<ServerConfig.Operator> configured = new ArrayList<>();
        operators.forEach((plmn, n) -> configured.add(new ServerConfig.Operator(plmn.toString(), n)));
        ServerConfig.Builder config = ServerConfig.builder().dataDir(dataDir.resolve(name)).operators(configured)
                .operatorPlmn(operator.toString()).ephemeralPorts().usimPorts(0, 0).without(ServerConfig.Role.AAS);
        DmServer partner = DmServer.builder(quick(config).build()).network(network).start();
        synchronized (partners) {
            partners.add(partner);
        }
        try {
            String token = Files.readString(partner.apiTokenFile()).trim();
            return new Partner(name, partner, new DmApi(partner.httpUri().orElseThrow(), token));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Another operator's server started by {@link #startPartner}. */
    public record Partner(String name, DmServer server, DmApi api) {
        /** The plain-CoAP URI of its management server (USIM and application roles). */
        public String coapUri() {
            return server.registrations().nodes().stream().filter(n -> n.coapUri() != null).findFirst()
                    .map(n -> "coap://127.0.0.1:" + n.coapUri().getPort())
                    .orElseThrow(() -> new IllegalStateException("no plain CoAP endpoint"));
        }
    }

    /** Stops the terminals, the servers and the network; one part failing to stop does not keep the others up. */
    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>();
        synchronized (terminals) {
            parts.addAll(terminals);
            terminals.clear();
        }
        synchronized (partners) {
            parts.addAll(partners);
            partners.clear();
        }
        parts.add(server);
        parts.add(network);
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception | LinkageError e) {
                LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** CoAP/DTLS timeouts and the rollback timeout of the terminals; short ones keep tests and the demo quick. */
    public record TerminalTiming(Duration ackTimeout, int maxRetransmit, Duration requestTimeout, Duration retryInterval,
            Duration rollbackTimeout, Duration bootstrapSessionTimeout) {
        public static TerminalTiming quick() {
            return new TerminalTiming(Duration.ofMillis(600), 2, Duration.ofSeconds(5), Duration.ofSeconds(1),
                    Duration.ofSeconds(8), Duration.ofSeconds(15));
        }

        TerminalBuilder apply(TerminalBuilder b) {
            return b.ackTimeout(ackTimeout, maxRetransmit).requestTimeout(requestTimeout).retryInterval(retryInterval)
                    .rollbackTimeout(rollbackTimeout).bootstrapSessionTimeout(bootstrapSessionTimeout);
        }
    }

    public static final class Builder {
        private final Path dataDir;
        private final Map<Plmn, String> operators = new LinkedHashMap<>();
        private int httpPort;
        private Duration smsRetryInterval = Duration.ofMillis(500);
        private TerminalTiming timing = TerminalTiming.quick();

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir);
        }

        /** Adds an operator; the first one is the server's own operator. */
        public Builder operator(Plmn plmn, String name) {
            operators.put(plmn, name);
            return this;
        }

        /** LwM2M ports ephemeral, HTTP on {@code port} (0 = ephemeral). */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        public Builder smsRetryInterval(Duration interval) {
            this.smsRetryInterval = interval;
            return this;
        }

        public Builder timing(TerminalTiming t) {
            this.timing = Objects.requireNonNull(t);
            return this;
        }

        public Deployment start() {
            if (operators.isEmpty()) {
                throw new IllegalStateException("a deployment needs at least one operator");
            }
            return new Deployment(this);
        }
    }
}
