package org.m2mdm.conformance;

import java.time.Duration;
import java.util.Objects;

/**
 * The result of one case: its id and title, the verdict, and for FAIL / NOT_APPLICABLE the reason
 * (empty for PASS).
 */
public record CaseResult(String id, String title, Verdict verdict, String reason, Duration elapsed) {

    public CaseResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(verdict, "verdict");
        reason = reason == null ? "" : reason;
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
    }

    /**
     * One report line, e.g. {@code PASS  reg-01  Registers with endpoint name and lifetime}; a failed
     * or not-applicable case adds {@code  — reason}.
     */
    public String line() {
        String head = String.format("%-4s  %s  %s", verdict.label(), id, title);
        return reason.isEmpty() ? head : head + " — " + reason;
    }

    @Override
    public String toString() {
        return line();
    }
}
