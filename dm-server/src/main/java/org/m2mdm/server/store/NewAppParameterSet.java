package org.m2mdm.server.store;

import java.util.List;
import java.util.Map;

/** Application parameters to store: application id, version, server URIs and key=value parameters. */
public record NewAppParameterSet(String appId, String version, List<String> serverUris, Map<String, String> parameters) {
    public NewAppParameterSet {
        serverUris = serverUris == null ? List.of() : List.copyOf(serverUris);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
