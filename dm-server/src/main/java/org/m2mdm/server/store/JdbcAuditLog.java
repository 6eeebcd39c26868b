package org.m2mdm.server.store;

import java.util.List;

/** {@link AuditLog} on the database (INSERT and SELECT only: nothing updates or deletes audit rows). */
public final class JdbcAuditLog implements AuditLog {
    private static final Jdbc.RowMapper<AuditEvent> MAP = r -> new AuditEvent(r.str("actor"), r.str("tenant_id"), r.str("action"),
            r.str("subject"), r.str("outcome"), r.str("detail"), r.instant("at"));

    private final Jdbc jdbc;

    public JdbcAuditLog(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void record(AuditEvent e) {
        Checks.notNull("audit event", e);
        Checks.text("audit actor", e.actor(), 10_000);
        Checks.text("audit action", e.action(), 10_000);
        Checks.text("audit outcome", e.outcome(), 10_000);
        Checks.notNull("audit time", e.at());
        // Over-long values are cut rather than refused: an audit record must never make a command fail.
        jdbc.update("INSERT INTO audit_log (at, actor, tenant_id, action, subject, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                e.at(), cut(e.actor(), 200), e.tenantId(), cut(e.action(), 100), cut(e.subject(), 255), cut(e.outcome(), 40),
                cut(e.detail(), 4000));
    }

    @Override
    public List<AuditEvent> list(String tenantId, int limit) {
        Checks.paging(0, limit);
        return jdbc.query("SELECT * FROM audit_log WHERE tenant_id = ? ORDER BY id DESC LIMIT ?", MAP, tenantId, limit);
    }

    @Override
    public List<AuditEvent> listAll(int limit) {
        Checks.paging(0, limit);
        return jdbc.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", MAP, limit);
    }

    @Override
    public List<AuditEvent> listForSubject(String tenantId, String subject, int limit) {
        Checks.paging(0, limit);
        return jdbc.query("SELECT * FROM audit_log WHERE tenant_id = ? AND subject = ? ORDER BY id DESC LIMIT ?", MAP, tenantId,
                subject, limit);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
