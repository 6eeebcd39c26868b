package org.m2mdm.server.store;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link DeviceCredentialStore} on the database; PSK keys are encrypted bound to their row. */
public final class JdbcDeviceCredentialStore implements DeviceCredentialStore {
    static final String TABLE = "device_credentials";
    private static final String SELECT = "SELECT c.*, d.endpoint FROM device_credentials c JOIN devices d ON d.id = c.device_id";

    private final Jdbc jdbc;
    private final SecretCipher cipher;
    private final Clock clock;

    public JdbcDeviceCredentialStore(Database database, SecretCipher cipher, Clock clock) {
        this.jdbc = database.jdbc();
        this.cipher = cipher;
        this.clock = Jdbc.databasePrecision(clock);
    }

    @Override
    public DeviceCredential put(String tenantId, String deviceId, String serverId, String pskIdentity, byte[] pskKey) {
        Checks.text("PSK identity", pskIdentity, 255);
        if (pskKey == null || pskKey.length < 16 || pskKey.length > 64) {
            throw new IllegalArgumentException("PSK key must be 16..64 bytes");
        }
        return jdbc.inTransaction(() -> {
            Owned.require(jdbc, "devices", "device", tenantId, deviceId);
            Owned.require(jdbc, "management_servers", "management server", tenantId, serverId);
            jdbc.update("DELETE FROM device_credentials WHERE device_id = ? AND server_id = ?", deviceId, serverId);
            String id = UUID.randomUUID().toString();
            try {
                jdbc.update("INSERT INTO device_credentials (id, tenant_id, device_id, server_id, psk_identity, psk_key_enc, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", id, tenantId, deviceId, serverId, pskIdentity,
                        cipher.encrypt(pskKey, SecretCipher.context(TABLE, id, "psk_key_enc")), clock.instant());
            } catch (DuplicateKeyException e) {
                throw new DuplicateKeyException("PSK identity " + pskIdentity + " is already in use", e);
            }
            return find(tenantId, deviceId, serverId).orElseThrow();
        });
    }

    @Override
    public Optional<DeviceCredential> find(String tenantId, String deviceId, String serverId) {
        return jdbc.queryOne(SELECT + " WHERE c.tenant_id = ? AND c.device_id = ? AND c.server_id = ?", this::map, tenantId, deviceId,
                serverId);
    }

    @Override
    public List<DeviceCredential> forDevice(String tenantId, String deviceId) {
        return jdbc.query(SELECT + " WHERE c.tenant_id = ? AND c.device_id = ? ORDER BY c.created_at", this::map, tenantId, deviceId);
    }

    @Override
    public Optional<DeviceCredential> findByIdentity(String pskIdentity) {
        return jdbc.queryOne(SELECT + " WHERE c.psk_identity = ?", this::map, pskIdentity);
    }

    @Override
    public List<DeviceCredential> forEndpoint(String endpoint) {
        return jdbc.query(SELECT + " WHERE d.endpoint = ? ORDER BY c.created_at", this::map, endpoint);
    }

    @Override
    public Optional<DeviceCredential> findByEndpoint(String serverId, String endpoint) {
        return jdbc.queryOne(SELECT + " WHERE c.server_id = ? AND d.endpoint = ?", this::map, serverId, endpoint);
    }

    @Override
    public int deleteForDevice(String tenantId, String deviceId) {
        return jdbc.update("DELETE FROM device_credentials WHERE tenant_id = ? AND device_id = ?", tenantId, deviceId);
    }

    private DeviceCredential map(Jdbc.Row r) throws java.sql.SQLException {
        byte[] key = cipher.decrypt(r.str("psk_key_enc"), SecretCipher.context(TABLE, r.str("id"), "psk_key_enc"));
        try {
            return new DeviceCredential(r.str("id"), r.str("tenant_id"), r.str("device_id"), r.str("endpoint"), r.str("server_id"),
                    r.str("psk_identity"), key, r.instant("created_at"));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
