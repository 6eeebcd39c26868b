package org.m2mdm.server.api;

import java.time.Instant;
import java.util.List;

/** Where an endpoint is registered right now (the LwM2M roles answer; empty when they do not run here). */
@FunctionalInterface
public interface RegistrationLookup {
    List<Registration> registrations(String endpoint);

    /** One live registration of a device with a management server role. */
    record Registration(String role, String server, Instant registeredAt, Instant lastUpdate, boolean queueMode,
                        long lifetimeSeconds) {
    }

    static RegistrationLookup none() {
        return endpoint -> List.of();
    }
}
