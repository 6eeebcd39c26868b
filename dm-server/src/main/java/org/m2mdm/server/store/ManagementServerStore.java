package org.m2mdm.server.store;

import java.util.List;
import java.util.Optional;

/** The LwM2M management servers of each tenant, with optional (encrypted) private keys. */
public interface ManagementServerStore {

    /** Stores a server; duplicate name or short server id within the tenant → {@link DuplicateKeyException}. */
    ManagementServer create(String tenantId, NewManagementServer server);

    Optional<ManagementServer> find(String tenantId, String serverId);

    Optional<ManagementServer> findByName(String tenantId, String name);

    List<ManagementServer> list(String tenantId);

    /** Replaces URI and certificate; false if no such server. */
    boolean update(String tenantId, String serverId, String uri, String certificatePem);

    /** Stores the server's private key (PKCS#8 DER), encrypted; false if no such server. */
    boolean setPrivateKey(String tenantId, String serverId, byte[] pkcs8);

    /** The decrypted private key (PKCS#8 DER), if one was stored. */
    Optional<byte[]> privateKey(String tenantId, String serverId);

    boolean delete(String tenantId, String serverId);
}
