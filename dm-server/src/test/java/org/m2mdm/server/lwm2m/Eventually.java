package org.m2mdm.server.lwm2m;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for asynchronous effects in tests (no timing assertions, just an upper bound). */
public final class Eventually {
    private Eventually() {
    }

    public static void await(Duration max, BooleanSupplier condition, Supplier<String> what) {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + max.toSeconds() + " s: " + what.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
