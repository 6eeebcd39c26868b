package org.m2mdm.server.api;

import java.time.Clock;
import org.m2mdm.server.store.AuditEvent;
import org.m2mdm.server.store.AuditLog;

/** Records every API command in the audit log; details name ids and counts, never secrets. */
final class Audit {
    private final AuditLog log;
    private final Clock clock;

    Audit(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    void ok(ApiRequest request, String action, String subject, String detail) {
        record(request, action, subject, "OK", detail);
    }

    void rejected(ApiRequest request, String action, String subject, String detail) {
        record(request, action, subject, "REJECTED", detail);
    }

    private void record(ApiRequest request, String action, String subject, String outcome, String detail) {
        Caller c = request.caller();
        log.record(new AuditEvent("api:" + c.tenantName(), c.tenantId(), action, subject, outcome, detail,
                clock.instant()));
    }
}
