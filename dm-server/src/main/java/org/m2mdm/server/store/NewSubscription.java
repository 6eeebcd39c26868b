package org.m2mdm.server.store;

/**
 * A subscription to record: device ↔ operator PLMN ("001-01"), IMSI digits, initial state and the
 * initial-connectivity filter as text (e.g. "allow-all" or "127.0.0.1:5684,127.0.0.1:5784"; the
 * format belongs to the caller). {@code credentialSetId} may be null.
 */
public record NewSubscription(String deviceId, String operatorPlmn, String imsi, SubscriptionStatus status,
        String filter, String credentialSetId) {
}
