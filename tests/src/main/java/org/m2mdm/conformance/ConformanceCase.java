package org.m2mdm.conformance;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One conformance check run against a registered client. A case decides from the client's
 * registration (its object links) and the run's fixtures whether it applies, then exercises the
 * client through the suite's LwM2M server and throws {@link CaseFailure} with a specific reason
 * when the client does not behave as required.
 */
public interface ConformanceCase {

    /** A short stable id, e.g. {@code reg-01}. */
    String id();

    /** What the case shows when it passes, e.g. "Registers with endpoint name and lifetime". */
    String title();

    /** Empty when the case applies to {@code client}; otherwise why it does not. */
    Optional<String> notApplicableBecause(ClientUnderTest client);

    /** Whether the case applies to {@code client}. */
    default boolean applies(ClientUnderTest client) {
        return notApplicableBecause(client).isEmpty();
    }

    /**
     * Exercises the client; returns normally on PASS.
     *
     * @throws CaseFailure with the reason when the client misbehaves
     * @throws Exception anything else unexpected, also reported as FAIL
     */
    void run(ClientUnderTest client) throws Exception;

    /** The body of a case built with {@link #of}. */
    @FunctionalInterface
    interface Body {
        void run(ClientUnderTest client) throws Exception;
    }

    /** A case from its parts; {@code applicability} returns the not-applicable reason or empty. */
    static ConformanceCase of(String id, String title, Function<ClientUnderTest, Optional<String>> applicability,
            Body body) {
        Objects.requireNonNull(id);
        Objects.requireNonNull(title);
        Objects.requireNonNull(applicability);
        Objects.requireNonNull(body);
        return new ConformanceCase() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public Optional<String> notApplicableBecause(ClientUnderTest client) {
                return applicability.apply(client);
            }

            @Override
            public void run(ClientUnderTest client) throws Exception {
                body.run(client);
            }

            @Override
            public String toString() {
                return id + " " + title;
            }
        };
    }
}
