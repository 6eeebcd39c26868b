package org.m2mdm.server.store;

import java.util.List;

/** Append-only log of every command and its outcome. */
public interface AuditLog {

    /** Appends an event (joins the caller's transaction if there is one). */
    void record(AuditEvent event);

    /** The tenant's most recent events, newest first. */
    List<AuditEvent> list(String tenantId, int limit);

    /** The most recent events of all tenants and the system (operator/admin use only), newest first. */
    List<AuditEvent> listAll(int limit);

    /** The tenant's most recent events about one subject, newest first. */
    List<AuditEvent> listForSubject(String tenantId, String subject, int limit);
}
