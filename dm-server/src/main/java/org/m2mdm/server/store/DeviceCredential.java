package org.m2mdm.server.store;

import java.time.Instant;
import java.util.Arrays;

/**
 * The PSK a device uses with one management server, generated at bootstrap. The key is decrypted
 * from the store; {@link #toString()} never shows it.
 */
public record DeviceCredential(String id, String tenantId, String deviceId, String endpoint, String serverId,
        String pskIdentity, byte[] pskKey, Instant createdAt) {
    public DeviceCredential {
        pskKey = pskKey.clone();
    }

    @Override
    public byte[] pskKey() {
        return pskKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceCredential d && id.equals(d.id) && Arrays.equals(pskKey, d.pskKey);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "DeviceCredential[id=" + id + ", endpoint=" + endpoint + ", serverId=" + serverId + ", pskIdentity="
                + pskIdentity + ", pskKey=redacted]";
    }
}
