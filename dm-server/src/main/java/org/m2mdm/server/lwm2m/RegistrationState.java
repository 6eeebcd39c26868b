package org.m2mdm.server.lwm2m;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * Where and since when an endpoint is registered with one management server role.
 *
 * @param role the role of the server the device is registered with
 * @param serverName the node's name
 * @param registrationId Leshan's registration id
 * @param registeredAt when the current registration was created
 * @param lastUpdate last register/update seen
 * @param queueMode true if the device uses LwM2M queue mode (sleeps between updates)
 * @param address the device's current address as the server sees it
 * @param lifetimeSeconds the registration lifetime
 */
public record RegistrationState(ServerRole role, String serverName, String registrationId, Instant registeredAt,
        Instant lastUpdate, boolean queueMode, InetSocketAddress address, long lifetimeSeconds) {
}
