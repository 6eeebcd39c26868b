package org.m2mdm.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link TenantStore} on the database. */
public final class JdbcTenantStore implements TenantStore {
    private static final String TOKEN_PREFIX = "m2mdm_";
    private static final Jdbc.RowMapper<Tenant> TENANT = r -> new Tenant(r.str("id"), r.str("name"), r.instant("created_at"));
    private static final Jdbc.RowMapper<ApiToken> TOKEN =
            r -> new ApiToken(r.str("id"), r.str("tenant_id"), r.str("label"), r.instant("created_at"));

    private final Jdbc jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public JdbcTenantStore(Database database, Clock clock) {
        this.jdbc = database.jdbc();
        this.clock = Jdbc.databasePrecision(clock);
    }

    @Override
    public Tenant create(String name) {
        Checks.text("tenant name", name, 200);
        Tenant t = new Tenant(UUID.randomUUID().toString(), name, clock.instant());
        try {
            jdbc.update("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)", t.id(), t.name(), t.createdAt());
        } catch (DuplicateKeyException e) {
            throw new DuplicateKeyException("a tenant named " + name + " already exists", e);
        }
        return t;
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return jdbc.queryOne("SELECT * FROM tenants WHERE id = ?", TENANT, tenantId);
    }

    @Override
    public Optional<Tenant> findByName(String name) {
        return jdbc.queryOne("SELECT * FROM tenants WHERE name = ?", TENANT, name);
    }

    @Override
    public List<Tenant> list() {
        return jdbc.query("SELECT * FROM tenants ORDER BY name", TENANT);
    }

    @Override
    public String issueToken(String tenantId, String label) {
        Checks.text("token label", label, 200);
        if (find(tenantId).isEmpty()) {
            throw new NotFoundException("no tenant " + tenantId);
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        jdbc.update("INSERT INTO api_tokens (id, tenant_id, label, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                UUID.randomUUID().toString(), tenantId, label, hash(token), clock.instant());
        return token;
    }

    @Override
    public Optional<Tenant> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        // The lookup is by SHA-256 of the token: timing reveals nothing about the token itself.
        return jdbc.queryOne("SELECT t.* FROM tenants t JOIN api_tokens a ON a.tenant_id = t.id WHERE a.token_hash = ?",
                TENANT, hash(token));
    }

    @Override
    public List<ApiToken> tokens(String tenantId) {
        return jdbc.query("SELECT id, tenant_id, label, created_at FROM api_tokens WHERE tenant_id = ? ORDER BY created_at",
                TOKEN, tenantId);
    }

    @Override
    public boolean revokeToken(String tenantId, String tokenId) {
        return jdbc.update("DELETE FROM api_tokens WHERE tenant_id = ? AND id = ?", tenantId, tokenId) == 1;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
