package org.m2mdm.server.jobs;

import java.time.Clock;
import java.util.Objects;

import org.m2mdm.server.store.AuditEvent;
import org.m2mdm.server.store.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what a job handler did to a device, naming the job; a failing audit log never fails the job, it is only
 * logged.
 */
public final class JobAudit {
    private static final Logger LOG = LoggerFactory.getLogger(JobAudit.class);

    private final AuditLog audit;
    private final Clock clock;
    private final String actor;

    /** {@code actor} names the server role in each record, e.g. "usim-server". */
    public JobAudit(AuditLog audit, Clock clock, String actor) {
        this.audit = Objects.requireNonNull(audit, "auditLog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.actor = Objects.requireNonNull(actor, "actor");
    }

    /** One record about the execution's target endpoint; {@code detail} is prefixed with the job id. */
    public void record(JobExecution ex, String action, String outcome, String detail) {
        try {
            audit.record(new AuditEvent(actor, ex.tenantId(), action, ex.endpoint(), outcome,
                    "job " + ex.job().id() + ": " + detail, clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("audit failed: {}", e.toString());
        }
    }
}
