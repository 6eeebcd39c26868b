package org.m2mdm.server.store;

/**
 * A LwM2M management server a device can be given: name, role, URI (e.g. "coaps://127.0.0.1:5684"),
 * LwM2M short server id (1..65534, unique per tenant) and its certificate chain as PEM (may be null).
 */
public record NewManagementServer(String name, ManagementServerRole role, String uri, int shortServerId, String certificatePem) {
}
