package org.m2mdm.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored application parameter set; {@code parameters} keeps its insertion order. */
public record AppParameterSet(String id, String tenantId, String appId, String version, List<String> serverUris,
        Map<String, String> parameters, Instant createdAt) {
}
