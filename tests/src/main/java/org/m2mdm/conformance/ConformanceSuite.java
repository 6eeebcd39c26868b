package org.m2mdm.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered list of {@link ConformanceCase}s run one after another against a registered client.
 * Each case first decides whether it applies (from the client's object links and the run's
 * fixtures); a case that throws fails with the exception's message as the reason, and the run
 * goes on with the next case. A case whose request was cancelled because the client registered anew
 * (which LwM2M allows at any time) runs once more after the client settles; if it then passes, its
 * line says so.
 */
public final class ConformanceSuite {
    private static final Logger LOG = LoggerFactory.getLogger(ConformanceSuite.class);

    /** How long the registration must stay unchanged before a case interrupted by a re-registration runs again. */
    private static final Duration SETTLE = Duration.ofMillis(1500);

    private final List<ConformanceCase> cases;

    public ConformanceSuite(List<ConformanceCase> cases) {
        this.cases = List.copyOf(cases);
    }

    /** The generic cases followed by the USIM cases. */
    public static ConformanceSuite standard() {
        List<ConformanceCase> all = new ArrayList<>(GenericCases.all());
        all.addAll(UsimCases.all());
        return new ConformanceSuite(all);
    }

    public List<ConformanceCase> cases() {
        return cases;
    }

    /** Runs every case against {@code client}. */
    public SuiteReport run(ClientUnderTest client) {
        return run(client, r -> {
        });
    }

    /** Runs every case against {@code client}, handing each result to {@code onResult} as it is known. */
    public SuiteReport run(ClientUnderTest client, Consumer<CaseResult> onResult) {
        List<CaseResult> results = new ArrayList<>();
        for (ConformanceCase c : cases) {
            CaseResult r = runOne(c, client);
            LOG.info("{}", r.line());
            results.add(r);
            onResult.accept(r);
        }
        return new SuiteReport(client.endpoint(), results);
    }

    private static CaseResult runOne(ConformanceCase c, ClientUnderTest client) {
        long start = System.nanoTime();
        try {
            if (client.currentRegistration().isEmpty()) {
                return result(c, Verdict.FAIL, "client " + client.endpoint() + " is not registered", start);
            }
            Optional<String> na = c.notApplicableBecause(client);
            if (na.isPresent()) {
                return result(c, Verdict.NOT_APPLICABLE, na.get(), start);
            }
            try {
                c.run(client);
                return result(c, Verdict.PASS, "", start);
            } catch (ReRegistrationException first) {
                if (!client.awaitSettled(SETTLE)) {
                    return result(c, Verdict.FAIL, first.getMessage() + ", and did not settle", start);
                }
                LOG.info("{}: {}; running it again", c.id(), first.getMessage());
                try {
                    c.run(client);
                } catch (CaseFailure again) {
                    return result(c, Verdict.FAIL, again.getMessage() + " (second attempt; the first was cut short: "
                            + first.getMessage() + ")", start);
                }
                return result(c, Verdict.PASS, "passed on a second attempt (" + first.getMessage() + ")", start);
            }
        } catch (CaseFailure | ReRegistrationException e) {
            return result(c, Verdict.FAIL, e.getMessage(), start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(c, Verdict.FAIL, "interrupted", start);
        } catch (Exception e) {
            LOG.debug("case {} threw", c.id(), e);
            return result(c, Verdict.FAIL, e.getClass().getSimpleName() + ": " + e.getMessage(), start);
        }
    }

    private static CaseResult result(ConformanceCase c, Verdict v, String reason, long start) {
        return new CaseResult(c.id(), c.title(), v, reason, Duration.ofNanos(System.nanoTime() - start));
    }
}
