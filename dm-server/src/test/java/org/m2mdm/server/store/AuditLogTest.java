package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditLogTest extends StoreTestBase {

    @Test
    void recordsEveryFieldAndListsNewestFirstPerTenant() {
        Instant t1 = Instant.parse("2026-01-01T10:00:00Z");
        AuditEvent first = new AuditEvent("token:abc", a.id(), "device.import", "batch-1", "OK", "50 devices", t1);
        AuditEvent second = new AuditEvent("engine", a.id(), "job.target.succeeded", "target-1", "SUCCEEDED", null, t1.plusSeconds(1));
        AuditEvent others = new AuditEvent("token:def", b.id(), "device.create", "d", "OK", null, t1);
        stores.audit().record(first);
        stores.audit().record(second);
        stores.audit().record(others);
        stores.audit().record(new AuditEvent("system", null, "server.start", null, "OK", null, t1));

        assertThat(stores.audit().list(a.id(), 10)).containsExactly(second, first);
        assertThat(stores.audit().list(b.id(), 10)).containsExactly(others);
        assertThat(stores.audit().listForSubject(a.id(), "batch-1", 10)).containsExactly(first);
        assertThat(stores.audit().list(a.id(), 1)).containsExactly(second);
        assertThat(stores.audit().listAll(10)).hasSize(4);
    }

    @Test
    void overLongValuesAreCutNotRefusedAndAuditJoinsTheCallersTransaction() {
        stores.audit().record(new AuditEvent("a".repeat(500), a.id(), "x", "s", "OK", "d".repeat(10_000), Instant.EPOCH));
        assertThat(stores.audit().list(a.id(), 1).get(0).detail()).hasSize(4000).endsWith("...");

        try {
            stores.inTransaction(() -> {
                stores.audit().record(new AuditEvent("api", a.id(), "device.create", "urn:imei:9", "OK", null, Instant.EPOCH));
                f.device(a.id(), "with space");
                return null;
            });
        } catch (IllegalArgumentException expected) {
            // the device was refused, so its audit record must not be there either
        }
        assertThat(stores.audit().listForSubject(a.id(), "urn:imei:9", 10)).isEmpty();
    }
}
