package org.m2mdm.server.store;

import java.util.List;
import java.util.Optional;

/** Tenants and their API tokens. Tokens are stored as SHA-256 hashes; the plaintext is shown once. */
public interface TenantStore {

    /** Creates a tenant; a duplicate name → {@link DuplicateKeyException}. */
    Tenant create(String name);

    Optional<Tenant> find(String tenantId);

    Optional<Tenant> findByName(String name);

    List<Tenant> list();

    /** Issues a new random token for the tenant and returns its plaintext (the only time it is available). */
    String issueToken(String tenantId, String label);

    /** {@link #issueToken(String, String)} with label "default". */
    default String issueToken(String tenantId) {
        return issueToken(tenantId, "default");
    }

    /** The tenant owning this token, if the token is valid (constant-time over the stored hash). */
    Optional<Tenant> authenticate(String token);

    List<ApiToken> tokens(String tenantId);

    /** Revokes one token; false if the tenant has no such token. */
    boolean revokeToken(String tenantId, String tokenId);
}
