package org.m2mdm.envelope.replay;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ReplayGuard} that forgets everything when the process ends; for tests and servers' previews. */
public final class InMemoryReplayGuard implements ReplayGuard {

    private final Map<String, Long> highest = new ConcurrentHashMap<>();

    @Override
    public OptionalLong highest(String signerId) {
        Long value = highest.get(signerId);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    @Override
    public void record(String signerId, long sequence) {
        highest.compute(signerId, (id, current) -> {
            if (current != null && sequence <= current) {
                throw new IllegalArgumentException("sequence " + sequence + " is not above " + current);
            }
            return sequence;
        });
    }

    @Override
    public String toString() {
        return "InMemoryReplayGuard[" + highest.size() + " signers]";
    }
}
