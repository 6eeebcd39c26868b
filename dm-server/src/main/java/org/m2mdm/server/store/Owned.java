package org.m2mdm.server.store;

/** Checks that a referenced row exists and belongs to the tenant, so foreign ids never leak across tenants. */
final class Owned {
    private Owned() {
    }

    /** Throws {@link NotFoundException} unless {@code table} has row {@code id} of this tenant. */
    static void require(Jdbc jdbc, String table, String what, String tenantId, String id) {
        if (id == null) {
            throw new IllegalArgumentException(what + " id must not be null");
        }
        if (jdbc.queryLong("SELECT COUNT(*) FROM " + table + " WHERE tenant_id = ? AND id = ?", tenantId, id) == 0) {
            throw new NotFoundException("no " + what + " " + id);
        }
    }
}
