package org.m2mdm.client.profiles;

/**
 * Fault-injection hook of {@link ProfileSwitch}: called after each durable step. A test implementation
 * throws (e.g. {@link PowerLoss}) to simulate a power cut at that point.
 */
@FunctionalInterface
public interface SwitchFaults {
    SwitchFaults NONE = step -> {
    };

    void reached(SwitchStep step);

    /** Cuts power after {@code step}. */
    static SwitchFaults powerLossAfter(SwitchStep step) {
        return s -> {
            if (s == step) {
                throw new PowerLoss(step);
            }
        };
    }

    /** Thrown by test hooks to stop the state machine dead, as a power cut would. */
    final class PowerLoss extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PowerLoss(SwitchStep step) {
            super("simulated power loss after " + step);
        }
    }
}
