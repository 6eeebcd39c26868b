package org.m2mdm.server.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the AAS gives each device: per-device or per-label entries. */
public interface ActivationEntryStore {

    /**
     * Stores an entry. Neither or both of device id and label → {@link IllegalArgumentException};
     * an unknown device or server of this tenant → {@link NotFoundException}; a second entry for the
     * same device or label → {@link DuplicateKeyException}.
     */
    ActivationEntry create(String tenantId, NewActivationEntry entry);

    Optional<ActivationEntry> find(String tenantId, String entryId);

    List<ActivationEntry> list(String tenantId);

    /**
     * The entry that applies to a device: its own entry if any, else the entry of the first of its
     * labels in alphabetical order that has one.
     */
    Optional<ActivationEntry> resolve(String tenantId, String deviceId, Set<String> labels);

    boolean delete(String tenantId, String entryId);
}
