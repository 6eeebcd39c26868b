package org.m2mdm.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.m2mdm.client.profiles.SwitchFaults;
import org.m2mdm.network.AccessNetwork;

/** Options of a {@link Terminal}; only the state directory and the network are required. */
public final class TerminalBuilder {
    Path stateDirectory;
    AccessNetwork network;
    Clock clock = Clock.systemUTC();
    Duration rollbackTimeout = Duration.ofSeconds(60);
    Duration requestTimeout = Duration.ofSeconds(20);
    Duration ackTimeout = Duration.ofSeconds(2);
    int maxRetransmit = 4;
    Duration retryInterval = Duration.ofSeconds(10);
    Duration bootstrapSessionTimeout = Duration.ofSeconds(60);
    Duration executeGrace = Duration.ofMillis(200);
    Duration deregistrationTimeout = Duration.ofSeconds(2);
    SwitchFaults switchFaults = SwitchFaults.NONE;
    int profileCapacity = 8;
    final List<TerminalListener> listeners = new ArrayList<>();

    TerminalBuilder() {
    }

    /** The terminal's state directory (see README); it must exist, see {@link StateDirectory#manufacture}. */
    public TerminalBuilder stateDirectory(Path dir) {
        this.stateDirectory = dir;
        return this;
    }

    /** The radio access the modem attaches to (SimulatedNetwork, RemoteAccessNetwork, ...). */
    public TerminalBuilder network(AccessNetwork network) {
        this.network = network;
        return this;
    }

    public TerminalBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** How long a switch waits for the management server over the new profile before rolling back. */
    public TerminalBuilder rollbackTimeout(Duration timeout) {
        this.rollbackTimeout = timeout;
        return this;
    }

    /** LwM2M request timeout (register, bootstrap request). */
    public TerminalBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    /** CoAP ACK timeout and DTLS retransmission timeout; short values make tests fast. */
    public TerminalBuilder ackTimeout(Duration timeout, int maxRetransmit) {
        this.ackTimeout = timeout;
        this.maxRetransmit = maxRetransmit;
        return this;
    }

    /** Pause between failed registration/bootstrap attempts and between attach retries. */
    public TerminalBuilder retryInterval(Duration interval) {
        this.retryInterval = interval;
        return this;
    }

    /** Pause between answering a 504 Execute and running the action, so the response leaves first. */
    public TerminalBuilder executeGrace(Duration grace) {
        this.executeGrace = Objects.requireNonNull(grace, "grace");
        return this;
    }

    public TerminalBuilder bootstrapSessionTimeout(Duration timeout) {
        this.bootstrapSessionTimeout = timeout;
        return this;
    }

    /** Fault injection for crash tests. */
    public TerminalBuilder switchFaults(SwitchFaults faults) {
        this.switchFaults = Objects.requireNonNull(faults);
        return this;
    }

    public TerminalBuilder profileCapacity(int capacity) {
        this.profileCapacity = capacity;
        return this;
    }

    public TerminalBuilder listener(TerminalListener l) {
        listeners.add(Objects.requireNonNull(l));
        return this;
    }

    public Terminal build() {
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(network, "network");
        return new Terminal(this);
    }
}
