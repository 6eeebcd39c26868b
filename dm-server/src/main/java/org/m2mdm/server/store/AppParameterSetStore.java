package org.m2mdm.server.store;

import java.util.List;
import java.util.Optional;

/** Application parameter sets (what the application management server writes to devices). */
public interface AppParameterSetStore {

    /** Stores a set; the same app id and version twice → {@link DuplicateKeyException}. */
    AppParameterSet create(String tenantId, NewAppParameterSet set);

    Optional<AppParameterSet> find(String tenantId, String setId);

    Optional<AppParameterSet> find(String tenantId, String appId, String version);

    List<AppParameterSet> list(String tenantId);

    boolean delete(String tenantId, String setId);
}
