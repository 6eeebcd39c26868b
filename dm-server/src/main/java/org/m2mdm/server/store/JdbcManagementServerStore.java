package org.m2mdm.server.store;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link ManagementServerStore} on the database; private keys are encrypted bound to their row. */
public final class JdbcManagementServerStore implements ManagementServerStore {
    static final String TABLE = "management_servers";
    private static final String COLUMNS = "id, tenant_id, name, role, uri, short_server_id, certificate_pem, created_at";
    private static final Jdbc.RowMapper<ManagementServer> MAP = r -> new ManagementServer(r.str("id"), r.str("tenant_id"),
            r.str("name"), r.enumValue("role", ManagementServerRole.class), r.str("uri"), r.integer("short_server_id"),
            r.str("certificate_pem"), r.instant("created_at"));

    private final Jdbc jdbc;
    private final SecretCipher cipher;
    private final Clock clock;

    public JdbcManagementServerStore(Database database, SecretCipher cipher, Clock clock) {
        this.jdbc = database.jdbc();
        this.cipher = cipher;
        this.clock = Jdbc.databasePrecision(clock);
    }

    @Override
    public ManagementServer create(String tenantId, NewManagementServer s) {
        Checks.notNull("server", s);
        Checks.text("server name", s.name(), 200);
        Checks.notNull("role", s.role());
        checkUri(s.uri());
        if (s.shortServerId() < 1 || s.shortServerId() > 65534) {
            throw new IllegalArgumentException("short server id must be 1..65534, got " + s.shortServerId());
        }
        ManagementServer server = new ManagementServer(UUID.randomUUID().toString(), tenantId, s.name(), s.role(), s.uri(),
                s.shortServerId(), s.certificatePem(), clock.instant());
        try {
            jdbc.update("INSERT INTO management_servers (id, tenant_id, name, role, uri, short_server_id, certificate_pem, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", server.id(), tenantId, server.name(), server.role(), server.uri(),
                    server.shortServerId(), server.certificatePem(), server.createdAt());
        } catch (DuplicateKeyException e) {
            throw new DuplicateKeyException("a server named " + s.name() + " or with short server id " + s.shortServerId()
                    + " already exists", e);
        } catch (ReferenceException e) {
            throw new NotFoundException("no tenant " + tenantId);
        }
        return server;
    }

    @Override
    public Optional<ManagementServer> find(String tenantId, String serverId) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM management_servers WHERE tenant_id = ? AND id = ?", MAP, tenantId, serverId);
    }

    @Override
    public Optional<ManagementServer> findByName(String tenantId, String name) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM management_servers WHERE tenant_id = ? AND name = ?", MAP, tenantId, name);
    }

    @Override
    public List<ManagementServer> list(String tenantId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM management_servers WHERE tenant_id = ? ORDER BY short_server_id", MAP, tenantId);
    }

    @Override
    public boolean update(String tenantId, String serverId, String uri, String certificatePem) {
        checkUri(uri);
        return jdbc.update("UPDATE management_servers SET uri = ?, certificate_pem = ? WHERE tenant_id = ? AND id = ?", uri,
                certificatePem, tenantId, serverId) == 1;
    }

    @Override
    public boolean setPrivateKey(String tenantId, String serverId, byte[] pkcs8) {
        if (pkcs8 == null || pkcs8.length == 0) {
            throw new IllegalArgumentException("private key must not be empty");
        }
        String enc = cipher.encrypt(pkcs8, SecretCipher.context(TABLE, serverId, "private_key_enc"));
        return jdbc.update("UPDATE management_servers SET private_key_enc = ? WHERE tenant_id = ? AND id = ?", enc, tenantId,
                serverId) == 1;
    }

    @Override
    public Optional<byte[]> privateKey(String tenantId, String serverId) {
        return jdbc.queryOne("SELECT id, private_key_enc FROM management_servers WHERE tenant_id = ? AND id = ?"
                + " AND private_key_enc IS NOT NULL", r -> cipher.decrypt(r.str("private_key_enc"),
                        SecretCipher.context(TABLE, r.str("id"), "private_key_enc")), tenantId, serverId);
    }

    @Override
    public boolean delete(String tenantId, String serverId) {
        return jdbc.update("DELETE FROM management_servers WHERE tenant_id = ? AND id = ?", tenantId, serverId) == 1;
    }

    private static void checkUri(String uri) {
        Checks.text("server URI", uri, 1000);
        try {
            java.net.URI u = new java.net.URI(uri);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("server URI must have a scheme and host, e.g. coaps://127.0.0.1:5684, got " + uri);
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("server URI is not a valid URI: " + uri);
        }
    }
}
