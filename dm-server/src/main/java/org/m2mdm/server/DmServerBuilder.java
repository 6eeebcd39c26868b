package org.m2mdm.server;

import java.time.Clock;
import java.util.Objects;
import org.m2mdm.network.sim.SimulatedNetwork;

/** Options of a {@link DmServer} beyond its {@link ServerConfig}: a clock, a shared simulated network. */
public final class DmServerBuilder {
    private final ServerConfig config;
    private Clock clock = Clock.systemUTC();
    private SimulatedNetwork network;

    DmServerBuilder(ServerConfig config) {
        this.config = Objects.requireNonNull(config);
    }

    public DmServerBuilder clock(Clock c) {
        this.clock = Objects.requireNonNull(c);
        return this;
    }

    /**
     * Uses this simulated network (owned and closed by the caller) instead of creating one from the configured
     * operators, e.g. so two servers of two operators provision the same network a terminal roams in.
     */
    public DmServerBuilder network(SimulatedNetwork shared) {
        this.network = shared;
        return this;
    }

    Clock clock() {
        return clock;
    }

    SimulatedNetwork network() {
        return network;
    }

    /** Starts every configured role; a failure stops what was started and throws {@link StartupException}. */
    public DmServer start() {
        return new DmServer(config, this);
    }
}
