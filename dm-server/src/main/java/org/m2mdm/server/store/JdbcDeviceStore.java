package org.m2mdm.server.store;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@link DeviceStore} on the database; labels live in their own table so they can be filtered on. */
public final class JdbcDeviceStore implements DeviceStore {
    private static final Pattern KU_FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._:/=-]{1,100}");

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcDeviceStore(Database database, Clock clock) {
        this.jdbc = database.jdbc();
        this.clock = Jdbc.databasePrecision(clock);
    }

    @Override
    public Device create(String tenantId, NewDevice device) {
        validate(device);
        return jdbc.inTransaction(() -> insert(tenantId, device));
    }

    @Override
    public List<Device> importAll(String tenantId, List<NewDevice> devices) {
        Checks.notNull("devices", devices);
        return jdbc.inTransaction(() -> {
            List<Device> out = new ArrayList<>(devices.size());
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < devices.size(); i++) {
                NewDevice d = devices.get(i);
                String endpoint = d == null ? null : d.endpoint();
                try {
                    validate(d);
                } catch (IllegalArgumentException e) {
                    throw new DeviceImportException(i, endpoint, e.getMessage());
                }
                Integer earlier = seen.putIfAbsent(endpoint, i);
                if (earlier != null) {
                    throw new DeviceImportException(i, endpoint, "endpoint appears twice in the import (also row " + earlier + ")");
                }
                try {
                    out.add(insert(tenantId, d));
                } catch (DuplicateKeyException e) {
                    throw new DeviceImportException(i, endpoint, "endpoint is already registered");
                }
            }
            return out;
        });
    }

    private Device insert(String tenantId, NewDevice d) {
        if (locate(d.endpoint()).isPresent()) {
            throw new DuplicateKeyException("endpoint " + d.endpoint() + " is already registered");
        }
        Instant now = clock.instant();
        Device device = new Device(UUID.randomUUID().toString(), tenantId, d.endpoint(), d.certificatePem(), d.kuFingerprint(),
                d.labels(), DeviceState.PROVISIONED, null, null, now, now);
        try {
            jdbc.update("INSERT INTO devices (id, tenant_id, endpoint, certificate_pem, ku_fingerprint, state, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", device.id(), tenantId, device.endpoint(), device.certificatePem(),
                    device.kuFingerprint(), device.state(), now, now);
        } catch (DuplicateKeyException e) {
            throw new DuplicateKeyException("endpoint " + d.endpoint() + " is already registered", e);
        } catch (ReferenceException e) {
            throw new NotFoundException("no tenant " + tenantId);
        }
        insertLabels(device.id(), device.labels());
        JdbcEnvelopeSequenceStore.ensureRow(jdbc, device.endpoint());
        return device;
    }

    private void insertLabels(String deviceId, Collection<String> labels) {
        for (String label : labels) {
            jdbc.update("INSERT INTO device_labels (device_id, label) VALUES (?, ?)", deviceId, label);
        }
    }

    @Override
    public Optional<Device> find(String tenantId, String deviceId) {
        return one("SELECT * FROM devices WHERE tenant_id = ? AND id = ?", tenantId, deviceId);
    }

    @Override
    public Optional<Device> findByEndpoint(String tenantId, String endpoint) {
        return one("SELECT * FROM devices WHERE tenant_id = ? AND endpoint = ?", tenantId, endpoint);
    }

    @Override
    public Optional<Device> findByKuFingerprint(String tenantId, String kuFingerprint) {
        return one("SELECT * FROM devices WHERE tenant_id = ? AND ku_fingerprint = ? ORDER BY created_at", tenantId, kuFingerprint);
    }

    @Override
    public Optional<Device> locate(String endpoint) {
        return one("SELECT * FROM devices WHERE endpoint = ?", endpoint);
    }

    @Override
    public Page<Device> list(String tenantId, DeviceFilter filter, int offset, int limit) {
        Checks.paging(offset, limit);
        DeviceFilter f = filter == null ? DeviceFilter.all() : filter;
        StringBuilder where = new StringBuilder(" FROM devices d WHERE d.tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenantId));
        if (f.label() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM device_labels l WHERE l.device_id = d.id AND l.label = ?)");
            args.add(f.label());
        }
        if (f.state() != null) {
            where.append(" AND d.state = ?");
            args.add(f.state());
        }
        if (f.endpointPrefix() != null) {
            where.append(" AND d.endpoint LIKE ? ESCAPE '!'");
            args.add(f.endpointPrefix().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        long total = jdbc.queryLong("SELECT COUNT(*)" + where, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(limit);
        pageArgs.add(offset);
        List<Device> rows = jdbc.query("SELECT d.*" + where + " ORDER BY d.endpoint LIMIT ? OFFSET ?", this::map, pageArgs.toArray());
        return new Page<>(withLabels(rows), total, offset, limit);
    }

    @Override
    public List<String> idsWithLabel(String tenantId, String label) {
        return jdbc.query("SELECT d.id FROM devices d JOIN device_labels l ON l.device_id = d.id"
                + " WHERE d.tenant_id = ? AND l.label = ? ORDER BY d.endpoint", r -> r.str("id"), tenantId, label);
    }

    @Override
    public boolean setState(String tenantId, String deviceId, DeviceState state) {
        Checks.notNull("state", state);
        return jdbc.update("UPDATE devices SET state = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
                state, clock.instant(), tenantId, deviceId) == 1;
    }

    @Override
    public boolean transition(String tenantId, String deviceId, Set<DeviceState> from, DeviceState to) {
        Checks.notNull("state", to);
        if (from == null || from.isEmpty()) {
            throw new IllegalArgumentException("transition needs at least one state to move from");
        }
        List<Object> args = new ArrayList<>(List.of(to, clock.instant(), tenantId, deviceId));
        args.addAll(from);
        return jdbc.update("UPDATE devices SET state = ?, updated_at = ? WHERE tenant_id = ? AND id = ? AND state IN ("
                + String.join(", ", java.util.Collections.nCopies(from.size(), "?")) + ")", args.toArray()) == 1;
    }

    @Override
    public boolean setLabels(String tenantId, String deviceId, Set<String> labels) {
        Set<String> clean = Set.copyOf(Checks.notNull("labels", labels));
        clean.forEach(JdbcDeviceStore::checkLabel);
        return jdbc.inTransaction(() -> {
            if (jdbc.update("UPDATE devices SET updated_at = ? WHERE tenant_id = ? AND id = ?", clock.instant(), tenantId, deviceId) != 1) {
                return false;
            }
            jdbc.update("DELETE FROM device_labels WHERE device_id = ?", deviceId);
            insertLabels(deviceId, new TreeSet<>(clean));
            return true;
        });
    }

    @Override
    public boolean recordObjectTree(String tenantId, String deviceId, String objectTreeJson, Instant readAt) {
        Checks.notNull("object tree", objectTreeJson);
        Checks.notNull("read time", readAt);
        return jdbc.update("UPDATE devices SET object_tree_json = ?, object_tree_read_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
                objectTreeJson, readAt, clock.instant(), tenantId, deviceId) == 1;
    }

    @Override
    public boolean delete(String tenantId, String deviceId) {
        return jdbc.update("DELETE FROM devices WHERE tenant_id = ? AND id = ?", tenantId, deviceId) == 1;
    }

    private Optional<Device> one(String sql, Object... args) {
        List<Device> rows = withLabels(jdbc.query(sql, this::map, args));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private Device map(Jdbc.Row r) throws java.sql.SQLException {
        return new Device(r.str("id"), r.str("tenant_id"), r.str("endpoint"), r.str("certificate_pem"), r.str("ku_fingerprint"),
                Set.of(), r.enumValue("state", DeviceState.class), r.str("object_tree_json"), r.instant("object_tree_read_at"),
                r.instant("created_at"), r.instant("updated_at"));
    }

    private List<Device> withLabels(List<Device> devices) {
        if (devices.isEmpty()) {
            return devices;
        }
        Map<String, Set<String>> labels = new HashMap<>();
        String in = String.join(", ", java.util.Collections.nCopies(devices.size(), "?"));
        jdbc.each("SELECT device_id, label FROM device_labels WHERE device_id IN (" + in + ")",
                r -> labels.computeIfAbsent(r.str("device_id"), k -> new TreeSet<>()).add(r.str("label")),
                devices.stream().map(Device::id).toArray());
        List<Device> out = new ArrayList<>(devices.size());
        for (Device d : devices) {
            out.add(new Device(d.id(), d.tenantId(), d.endpoint(), d.certificatePem(), d.kuFingerprint(),
                    labels.getOrDefault(d.id(), Set.of()), d.state(), d.objectTreeJson(), d.objectTreeReadAt(), d.createdAt(),
                    d.updatedAt()));
        }
        return out;
    }

    private static void validate(NewDevice d) {
        if (d == null) {
            throw new IllegalArgumentException("device must not be null");
        }
        Checks.text("endpoint", d.endpoint(), 255);
        if (!d.endpoint().equals(d.endpoint().strip()) || d.endpoint().chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new IllegalArgumentException("endpoint must not contain spaces or control characters");
        }
        if (d.certificatePem() != null) {
            checkCertificate(d.certificatePem());
        }
        if (d.kuFingerprint() != null && !KU_FINGERPRINT.matcher(d.kuFingerprint()).matches()) {
            throw new IllegalArgumentException("Ku fingerprint must be 64 lower-case hex digits (SHA-256)");
        }
        d.labels().forEach(JdbcDeviceStore::checkLabel);
    }

    private static void checkLabel(String label) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("label must be 1-100 characters of A-Z a-z 0-9 . _ : / = -, got " + label);
        }
    }

    private static void checkCertificate(String pem) {
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("device certificate PEM contains no certificate");
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("device certificate is not a valid X.509 PEM certificate");
        }
    }
}
