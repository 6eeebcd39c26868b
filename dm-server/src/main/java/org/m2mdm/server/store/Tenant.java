package org.m2mdm.server.store;

import java.time.Instant;

/** An operator (tenant) owning devices, subscriptions, servers and jobs. */
public record Tenant(String id, String name, Instant createdAt) {
}
