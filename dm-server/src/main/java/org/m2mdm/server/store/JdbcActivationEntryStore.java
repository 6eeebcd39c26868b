package org.m2mdm.server.store;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@link ActivationEntryStore} on the database. */
public final class JdbcActivationEntryStore implements ActivationEntryStore {
    private static final Jdbc.RowMapper<ActivationEntry> MAP = r -> new ActivationEntry(r.str("id"), r.str("tenant_id"),
            r.str("device_id"), r.str("label"), r.str("usim_server_id"), r.str("application_server_id"),
            roles(r.str("trusted_roles")), r.str("trust_anchors_pem"), r.instant("created_at"));

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcActivationEntryStore(Database database, Clock clock) {
        this.jdbc = database.jdbc();
        this.clock = Jdbc.databasePrecision(clock);
    }

    @Override
    public ActivationEntry create(String tenantId, NewActivationEntry e) {
        Checks.notNull("activation entry", e);
        if ((e.deviceId() == null) == (e.label() == null)) {
            throw new IllegalArgumentException("an activation entry names exactly one of a device id or a label");
        }
        if (e.label() != null) {
            Checks.text("label", e.label(), 100);
        }
        for (String role : e.trustedRoles()) {
            if (role == null || !role.matches("[A-Z_]{1,50}")) {
                throw new IllegalArgumentException("trusted role must be a signer role name like USIM_MANAGEMENT, got " + role);
            }
        }
        return jdbc.inTransaction(() -> {
            if (e.deviceId() != null) {
                Owned.require(jdbc, "devices", "device", tenantId, e.deviceId());
            }
            if (e.usimServerId() != null) {
                requireServer(tenantId, e.usimServerId(), true);
            }
            if (e.applicationServerId() != null) {
                requireServer(tenantId, e.applicationServerId(), false);
            }
            ActivationEntry entry = new ActivationEntry(UUID.randomUUID().toString(), tenantId, e.deviceId(), e.label(),
                    e.usimServerId(), e.applicationServerId(), e.trustedRoles(), e.trustAnchorsPem(), clock.instant());
            try {
                jdbc.update("INSERT INTO activation_entries (id, tenant_id, device_id, label, usim_server_id, application_server_id,"
                        + " trusted_roles, trust_anchors_pem, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", entry.id(), tenantId,
                        entry.deviceId(), entry.label(), entry.usimServerId(), entry.applicationServerId(),
                        String.join(",", new TreeSet<>(entry.trustedRoles())), entry.trustAnchorsPem(), entry.createdAt());
            } catch (DuplicateKeyException ex) {
                throw new DuplicateKeyException("there is already an activation entry for "
                        + (e.deviceId() != null ? "device " + e.deviceId() : "label " + e.label()), ex);
            }
            return entry;
        });
    }

    private void requireServer(String tenantId, String serverId, boolean usim) {
        Optional<ManagementServerRole> role = jdbc.queryOne("SELECT role FROM management_servers WHERE tenant_id = ? AND id = ?",
                r -> r.enumValue("role", ManagementServerRole.class), tenantId, serverId);
        if (role.isEmpty()) {
            throw new NotFoundException("no management server " + serverId);
        }
        if (usim ? !role.get().servesUsim() : !role.get().servesApplications()) {
            throw new IllegalArgumentException("management server " + serverId + " has role " + role.get() + " and cannot serve as "
                    + (usim ? "USIM" : "application") + " management server");
        }
    }

    @Override
    public Optional<ActivationEntry> find(String tenantId, String entryId) {
        return jdbc.queryOne("SELECT * FROM activation_entries WHERE tenant_id = ? AND id = ?", MAP, tenantId, entryId);
    }

    @Override
    public List<ActivationEntry> list(String tenantId) {
        return jdbc.query("SELECT * FROM activation_entries WHERE tenant_id = ? ORDER BY created_at", MAP, tenantId);
    }

    @Override
    public Optional<ActivationEntry> resolve(String tenantId, String deviceId, Set<String> labels) {
        Optional<ActivationEntry> own = jdbc.queryOne("SELECT * FROM activation_entries WHERE tenant_id = ? AND device_id = ?", MAP,
                tenantId, deviceId);
        if (own.isPresent() || labels == null || labels.isEmpty()) {
            return own;
        }
        List<String> sorted = List.copyOf(new TreeSet<>(labels));
        String in = String.join(", ", java.util.Collections.nCopies(sorted.size(), "?"));
        Object[] args = new Object[sorted.size() + 1];
        args[0] = tenantId;
        for (int i = 0; i < sorted.size(); i++) {
            args[i + 1] = sorted.get(i);
        }
        return jdbc.query("SELECT * FROM activation_entries WHERE tenant_id = ? AND label IN (" + in + ")", MAP, args).stream()
                .min(java.util.Comparator.comparing(ActivationEntry::label));
    }

    @Override
    public boolean delete(String tenantId, String entryId) {
        return jdbc.update("DELETE FROM activation_entries WHERE tenant_id = ? AND id = ?", tenantId, entryId) == 1;
    }

    private static Set<String> roles(String text) {
        if (text == null || text.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(text.split(",")).collect(Collectors.toUnmodifiableSet());
    }
}
