package org.m2mdm.server.store;

import java.time.Instant;

/** A device's subscription with one operator. */
public record Subscription(String id, String tenantId, String deviceId, String operatorPlmn, String imsi,
        SubscriptionStatus status, String filter, String credentialSetId, Instant createdAt, Instant updatedAt) {
}
