package org.m2mdm.server.lwm2m;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.SecurityStore;
import org.m2mdm.server.store.DeviceCredential;
import org.m2mdm.server.store.DeviceCredentialStore;

/**
 * Leshan's {@link SecurityStore} over the database: the PSKs the AAS generated for this management server (one or
 * more server ids, e.g. the USIM and the application server when one node runs both). Lookups are cached for a
 * short time because every DTLS handshake asks; {@link #invalidate(String)} drops an endpoint at once (the AAS calls
 * it after a re-bootstrap).
 */
public final class DeviceCredentialSecurityStore implements SecurityStore {
    private static final int MAX_ENTRIES = 100_000;

    private final DeviceCredentialStore credentials;
    private final Supplier<Set<String>> serverIds;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> byEndpoint = new ConcurrentHashMap<>();
    private final Map<String, Cached> byIdentity = new ConcurrentHashMap<>();

    private record Cached(SecurityInfo info, Instant until) {
    }

    /**
     * @param serverIds the ids (ManagementServerStore) of the servers this node answers for; asked on each miss, so
     *        servers configured later are picked up
     */
    public DeviceCredentialSecurityStore(DeviceCredentialStore credentials, Supplier<Set<String>> serverIds,
            Duration ttl, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials);
        this.serverIds = Objects.requireNonNull(serverIds);
        this.ttl = Objects.requireNonNull(ttl);
        this.clock = Objects.requireNonNull(clock);
    }

    public DeviceCredentialSecurityStore(DeviceCredentialStore credentials, Supplier<Set<String>> serverIds) {
        this(credentials, serverIds, Duration.ofSeconds(30), Clock.systemUTC());
    }

    @Override
    public SecurityInfo getByEndpoint(String endpoint) {
        if (endpoint == null) {
            return null;
        }
        return cached(byEndpoint, endpoint, () -> {
            for (String serverId : serverIds.get()) {
                Optional<DeviceCredential> c = credentials.findByEndpoint(serverId, endpoint);
                if (c.isPresent()) {
                    return toInfo(c.get());
                }
            }
            return null;
        });
    }

    @Override
    public SecurityInfo getByIdentity(String pskIdentity) {
        if (pskIdentity == null) {
            return null;
        }
        return cached(byIdentity, pskIdentity, () -> credentials.findByIdentity(pskIdentity)
                .filter(c -> serverIds.get().contains(c.serverId())).map(DeviceCredentialSecurityStore::toInfo)
                .orElse(null));
    }

    @Override
    public SecurityInfo getByOscoreIdentity(OscoreIdentity oscoreIdentity) {
        return null; // OSCORE is not used by m2m-dm
    }

    /** Forgets what is cached for an endpoint (and its PSK identities). */
    public void invalidate(String endpoint) {
        Cached c = byEndpoint.remove(endpoint);
        if (c != null && c.info() != null && c.info().getPskIdentity() != null) {
            byIdentity.remove(c.info().getPskIdentity());
        }
        byIdentity.values().removeIf(v -> v.info() != null && endpoint.equals(v.info().getEndpoint()));
    }

    private SecurityInfo cached(Map<String, Cached> map, String key, Supplier<SecurityInfo> loader) {
        Instant now = clock.instant();
        Cached c = map.get(key);
        if (c != null && c.until().isAfter(now)) {
            return c.info();
        }
        SecurityInfo info = loader.get();
        if (map.size() >= MAX_ENTRIES) {
            map.clear();
        }
        // misses are cached too (briefly) so an unknown identity cannot make every handshake hit the database;
        // an unknown device is cached for a tenth of the TTL so a fresh bootstrap is usable quickly
        map.put(key, new Cached(info, now.plus(info == null ? ttl.dividedBy(10) : ttl)));
        return info;
    }

    private static SecurityInfo toInfo(DeviceCredential c) {
        return SecurityInfo.newPreSharedKeyInfo(c.endpoint(), c.pskIdentity(), c.pskKey());
    }
}
