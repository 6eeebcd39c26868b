package org.m2mdm.conformance;

/** The outcome of one conformance case against one client. */
public enum Verdict {
    /** The client behaved as the case requires. */
    PASS("PASS"),
    /** The client did not; the result carries the specific reason. */
    FAIL("FAIL"),
    /** The client lacks what the case exercises (objects, or a fixture the run was not given). */
    NOT_APPLICABLE("N/A");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The label printed in the report column ({@code PASS}, {@code FAIL}, {@code N/A}). */
    public String label() {
        return label;
    }
}
