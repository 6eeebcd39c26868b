package org.m2mdm.server.jobs;

import org.m2mdm.server.store.TargetState;

/** What a {@link JobHandler} reports for one target; the engine turns it into a store transition. */
public sealed interface JobOutcome {
    /** Human-readable, never a secret. */
    String detail();

    /** The device confirmed the command. */
    record Succeeded(String detail) implements JobOutcome {
    }

    /** The device tried the command and went back to its previous state (e.g. a USIM switch rolled back). */
    record RolledBack(String detail) implements JobOutcome {
    }

    /** The command cannot succeed (refused by the device, bad spec); no retry. */
    record Failed(String detail) implements JobOutcome {
    }

    /** A transient problem: retry later with back-off (counts towards the attempt limit). */
    record Retry(String detail) implements JobOutcome {
    }

    /** The device is offline or asleep: run again when it registers or updates. */
    record WaitForDevice(String detail) implements JobOutcome {
    }

    static JobOutcome succeeded(String detail) {
        return new Succeeded(detail);
    }

    static JobOutcome failed(String detail) {
        return new Failed(detail);
    }

    static JobOutcome retry(String detail) {
        return new Retry(detail);
    }

    static JobOutcome waitForDevice(String detail) {
        return new WaitForDevice(detail);
    }

    static JobOutcome rolledBack(String detail) {
        return new RolledBack(detail);
    }

    /** The final target state for a final outcome, or null for Retry/WaitForDevice. */
    default TargetState finalState() {
        if (this instanceof Succeeded) {
            return TargetState.SUCCEEDED;
        } else if (this instanceof RolledBack) {
            return TargetState.ROLLED_BACK;
        } else if (this instanceof Failed) {
            return TargetState.FAILED;
        }
        return null;
    }
}
