package org.m2mdm.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The device inventory. Endpoints are unique across all tenants (they name the device to the AAS). */
public interface DeviceStore {

    /** Adds one device; an endpoint already in use → {@link DuplicateKeyException}. */
    Device create(String tenantId, NewDevice device);

    /**
     * Adds all devices in one transaction. If any row is invalid or its endpoint is already in use
     * (in the database or earlier in the list), nothing is written and
     * {@link DeviceImportException} names the failing row's index.
     */
    List<Device> importAll(String tenantId, List<NewDevice> devices);

    Optional<Device> find(String tenantId, String deviceId);

    Optional<Device> findByEndpoint(String tenantId, String endpoint);

    Optional<Device> findByKuFingerprint(String tenantId, String kuFingerprint);

    /**
     * Finds a device by endpoint in any tenant. Only for the protocol roles (AAS, LwM2M servers)
     * that learn the endpoint from the device before knowing the tenant; API code uses
     * {@link #findByEndpoint(String, String)}.
     */
    Optional<Device> locate(String endpoint);

    /** A page of the tenant's devices matching the filter, ordered by endpoint. */
    Page<Device> list(String tenantId, DeviceFilter filter, int offset, int limit);

    /** Ids of all the tenant's devices carrying the label (for job target selection). */
    List<String> idsWithLabel(String tenantId, String label);

    /** Changes the lifecycle state; false if the tenant has no such device. */
    boolean setState(String tenantId, String deviceId, DeviceState state);

    /**
     * Changes the lifecycle state only if it is currently one of {@code from} (one conditional UPDATE,
     * so concurrent writers cannot downgrade, e.g. ACTIVE back to BOOTSTRAPPED); false otherwise.
     */
    boolean transition(String tenantId, String deviceId, Set<DeviceState> from, DeviceState to);

    /** Replaces the labels; false if the tenant has no such device. */
    boolean setLabels(String tenantId, String deviceId, Set<String> labels);

    /** Records the management-object tree as just read; false if the tenant has no such device. */
    boolean recordObjectTree(String tenantId, String deviceId, String objectTreeJson, Instant readAt);

    /** Deletes the device and its labels; false if the tenant has no such device. */
    boolean delete(String tenantId, String deviceId);
}
