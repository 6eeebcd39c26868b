package org.m2mdm.server.store;

import java.util.List;
import java.util.Optional;

/** Subscriptions (device ↔ operator PLMN, IMSI, state, initial-connectivity filter). */
public interface SubscriptionStore {

    /** Records a subscription; unknown device → {@link NotFoundException}; same PLMN+IMSI twice → {@link DuplicateKeyException}. */
    Subscription create(String tenantId, NewSubscription subscription);

    Optional<Subscription> find(String tenantId, String subscriptionId);

    Optional<Subscription> findByImsi(String tenantId, String operatorPlmn, String imsi);

    List<Subscription> forDevice(String tenantId, String deviceId);

    List<Subscription> list(String tenantId);

    /** Changes the state; false if no such subscription or it is already TERMINATED. */
    boolean setStatus(String tenantId, String subscriptionId, SubscriptionStatus status);

    /** Replaces the filter text; false if no such subscription. */
    boolean setFilter(String tenantId, String subscriptionId, String filter);
}
