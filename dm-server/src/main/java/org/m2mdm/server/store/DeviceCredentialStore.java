package org.m2mdm.server.store;

import java.util.List;
import java.util.Optional;

/** Per device × management server PSK credentials (keys encrypted at rest). */
public interface DeviceCredentialStore {

    /**
     * Stores (or replaces) the device's credential for that server. PSK identities are unique across
     * all servers and tenants (a DTLS server learns only the identity) → else {@link DuplicateKeyException}; unknown device/server → {@link NotFoundException}.
     */
    DeviceCredential put(String tenantId, String deviceId, String serverId, String pskIdentity, byte[] pskKey);

    Optional<DeviceCredential> find(String tenantId, String deviceId, String serverId);

    List<DeviceCredential> forDevice(String tenantId, String deviceId);

    /**
     * Protocol-side lookup (DTLS handshake, any tenant): the credential given out under this PSK
     * identity; the caller checks {@link DeviceCredential#serverId()} is one of the servers it runs.
     */
    Optional<DeviceCredential> findByIdentity(String pskIdentity);

    /** Protocol-side lookup (any tenant): all credentials of an endpoint. */
    List<DeviceCredential> forEndpoint(String endpoint);

    /** Protocol-side lookup (Leshan SecurityStore.getByEndpoint): the credential of an endpoint for a server. */
    Optional<DeviceCredential> findByEndpoint(String serverId, String endpoint);

    /** Deletes all credentials of a device; returns how many. */
    int deleteForDevice(String tenantId, String deviceId);
}
