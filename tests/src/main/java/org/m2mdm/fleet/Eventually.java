package org.m2mdm.fleet;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Bounded polling: waits until a condition holds or a deadline passes. The scenarios assert each
 * step's effect with it before the next step runs; on timeout the message says what was awaited and
 * what was last seen.
 */
public final class Eventually {
    private static final Duration POLL = Duration.ofMillis(100);

    private Eventually() {
    }

    /** Polls {@code probe} until it yields a value; throws {@link AssertionError} after {@code timeout}. */
    public static <T> T value(String what, Duration timeout, Callable<Optional<T>> probe) {
        return value(what, timeout, probe, () -> "");
    }

    /**
     * As {@link #value(String, Duration, Callable)}; {@code lastSeen} describes the current state for the
     * failure message. Exceptions of the probe count as "not yet" (the last one is reported).
     */
    public static <T> T value(String what, Duration timeout, Callable<Optional<T>> probe, Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                Optional<T> v = probe.call();
                if (v.isPresent()) {
                    return v.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                String seen = lastSeen.get();
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (seen.isEmpty() ? "" : "; last seen: " + seen)
                        + (last == null ? "" : "; last error: " + last), last);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Polls until {@code condition} is true. */
    public static void holds(String what, Duration timeout, Callable<Boolean> condition, Supplier<String> lastSeen) {
        value(what, timeout, () -> Boolean.TRUE.equals(condition.call()) ? Optional.of(Boolean.TRUE) : Optional.empty(),
                lastSeen);
    }

    public static void holds(String what, Duration timeout, Callable<Boolean> condition) {
        holds(what, timeout, condition, () -> "");
    }
}
