package org.m2mdm.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One terminal of the demo fleet as the console shows it: its journey, the step it is at, and how it ended.
 * Updated by the thread walking the journey, read by the console.
 */
public final class FleetTerminal {
    /** How a journey ended; {@code READY} = operational USIM, registered, application parameters written. */
    public enum Outcome { RUNNING, READY, FAILED }

    private final String name;
    private final Journey journey;
    private final int totalSteps;
    private volatile String endpoint = "";
    private volatile String operator = "";
    private volatile String imsi = "";
    private volatile String status = "waiting";
    private volatile int step;
    private volatile Outcome outcome = Outcome.RUNNING;
    private volatile Instant startedAt;
    private volatile Duration took = Duration.ZERO;

    public FleetTerminal(String name, Journey journey, int totalSteps) {
        this.name = Objects.requireNonNull(name);
        this.journey = Objects.requireNonNull(journey);
        this.totalSteps = totalSteps;
    }

    void started(String endpoint) {
        this.endpoint = endpoint;
        this.startedAt = Instant.now();
        this.status = "manufactured";
    }

    /** Moves to the next step and says what the terminal is doing now. */
    void step(String what) {
        step = Math.min(step + 1, totalSteps);
        status = what;
    }

    void attachedWith(String operator, String imsi) {
        this.operator = operator;
        this.imsi = imsi;
    }

    void finished(Outcome o, String finalStatus) {
        if (o == Outcome.READY) {
            step = totalSteps;
        }
        status = finalStatus;
        took = startedAt == null ? Duration.ZERO : Duration.between(startedAt, Instant.now());
        outcome = o;
    }

    public String name() {
        return name;
    }

    public Journey journey() {
        return journey;
    }

    public String endpoint() {
        return endpoint;
    }

    public String operator() {
        return operator;
    }

    public String imsi() {
        return imsi;
    }

    public String status() {
        return status;
    }

    public int step() {
        return step;
    }

    public int totalSteps() {
        return totalSteps;
    }

    public Outcome outcome() {
        return outcome;
    }

    public Duration took() {
        return took;
    }
}
