package org.m2mdm.server.store;

import java.util.Set;

/**
 * An AAS entry: for one device ({@code deviceId}) or every device carrying {@code label} (exactly one
 * of the two is set), which USIM and which application management server it gets, and the trust
 * policy it is given: accepted signer roles (names of {@code SignerRole}) and trust anchors as PEM
 * (null = the server's default anchors).
 */
public record NewActivationEntry(String deviceId, String label, String usimServerId, String applicationServerId,
        Set<String> trustedRoles, String trustAnchorsPem) {
    public NewActivationEntry {
        trustedRoles = trustedRoles == null ? Set.of() : Set.copyOf(trustedRoles);
    }

    public static NewActivationEntry forDevice(String deviceId, String usimServerId, String applicationServerId,
            Set<String> trustedRoles) {
        return new NewActivationEntry(deviceId, null, usimServerId, applicationServerId, trustedRoles, null);
    }

    public static NewActivationEntry forLabel(String label, String usimServerId, String applicationServerId,
            Set<String> trustedRoles) {
        return new NewActivationEntry(null, label, usimServerId, applicationServerId, trustedRoles, null);
    }
}
