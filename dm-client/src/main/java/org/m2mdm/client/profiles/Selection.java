package org.m2mdm.client.profiles;

import java.util.Objects;
import java.util.Optional;

import org.m2mdm.usim.Iccid;

/**
 * Which profile is in use: {@code enabled} is the last committed (working) profile; {@code trial},
 * when present, is the profile being switched to and is the active one until it is committed or
 * rolled back. {@code fallback} holds the fallback attribute. Persisted as one atomically replaced file,
 * so the rename is the commit point of a switch.
 */
public record Selection(Optional<Iccid> enabled, Optional<Iccid> trial, Optional<Iccid> fallback) {

    /** No profile at all (a synthetic-only terminal before its first attach). */
    public static final Selection EMPTY = new Selection(Optional.empty(), Optional.empty(), Optional.empty());

    public Selection {
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(trial, "trial");
        Objects.requireNonNull(fallback, "fallback");
        if (trial.isPresent() && enabled.isEmpty()) {
            throw new IllegalArgumentException("a trial needs a committed profile to roll back to");
        }
        if (trial.isPresent() && trial.equals(enabled)) {
            throw new IllegalArgumentException("the trial profile is already the enabled one");
        }
    }

    public static Selection committed(Iccid enabled, Optional<Iccid> fallback) {
        return new Selection(Optional.of(enabled), Optional.empty(), fallback);
    }

    /** The profile the modem should use now: the trial one if a switch is running, else the enabled one. */
    public Optional<Iccid> active() {
        return trial.isPresent() ? trial : enabled;
    }

    public boolean isTrialRunning() {
        return trial.isPresent();
    }

    public Selection withTrial(Iccid target) {
        return new Selection(enabled, Optional.of(target), fallback);
    }

    public Selection withFallback(Optional<Iccid> newFallback) {
        return new Selection(enabled, trial, newFallback);
    }
}
