package org.m2mdm.conformance;

import java.util.List;
import java.util.NoSuchElementException;

/** The results of one suite run, in case order, with the closing summary line. */
public record SuiteReport(String endpoint, List<CaseResult> results) {

    public SuiteReport {
        results = List.copyOf(results);
    }

    public long passed() {
        return count(Verdict.PASS);
    }

    public long failed() {
        return count(Verdict.FAIL);
    }

    public long notApplicable() {
        return count(Verdict.NOT_APPLICABLE);
    }

    /** True when no case failed. */
    public boolean succeeded() {
        return failed() == 0;
    }

    /** The result of case {@code id}. */
    public CaseResult result(String id) {
        return results.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no case " + id + " in this report"));
    }

    /** {@code N passed, N failed, N not applicable}. */
    public String summaryLine() {
        return passed() + " passed, " + failed() + " failed, " + notApplicable() + " not applicable";
    }

    /** Every case line and the summary line, newline-separated. */
    public String text() {
        StringBuilder b = new StringBuilder();
        results.forEach(r -> b.append(r.line()).append('\n'));
        return b.append(summaryLine()).append('\n').toString();
    }

    private long count(Verdict v) {
        return results.stream().filter(r -> r.verdict() == v).count();
    }
}
