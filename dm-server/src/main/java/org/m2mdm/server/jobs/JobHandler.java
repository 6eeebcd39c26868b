package org.m2mdm.server.jobs;

import java.util.Objects;

import org.m2mdm.server.lwm2m.DeviceUnreachableException;

/**
 * Runs one job type for one target. Must be idempotent: after a crash or a lost lease the same target runs again,
 * so a handler first looks at the device's state and only then acts (envelopes re-use the target's reserved
 * sequence number, see {@link JobExecution#reserveSequence()}).
 */
public interface JobHandler {
    JobType type();

    /**
     * @throws DeviceUnreachableException the device cannot be reached now (the engine waits for it)
     * @throws IllegalArgumentException the job spec is invalid (the target fails)
     */
    JobOutcome execute(JobExecution execution) throws DeviceUnreachableException, InterruptedException;

    /** What a handler does for one target, as {@link #execute} declares it. */
    @FunctionalInterface
    interface Body {
        JobOutcome run(JobExecution execution) throws DeviceUnreachableException, InterruptedException;
    }

    /** The handler of {@code type} that runs {@code body}. */
    static JobHandler of(JobType type, Body body) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
        return new JobHandler() {
            @Override
            public JobType type() {
                return type;
            }

            @Override
            public JobOutcome execute(JobExecution execution) throws DeviceUnreachableException, InterruptedException {
                return body.run(execution);
            }
        };
    }
}
