package org.m2mdm.server.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link SubscriptionStore} on the database. */
public final class JdbcSubscriptionStore implements SubscriptionStore {
    private static final Jdbc.RowMapper<Subscription> MAP = r -> new Subscription(r.str("id"), r.str("tenant_id"),
            r.str("device_id"), r.str("operator_plmn"), r.str("imsi"), r.enumValue("status", SubscriptionStatus.class),
            r.str("filter_text"), r.str("credential_set_id"), r.instant("created_at"), r.instant("updated_at"));

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcSubscriptionStore(Database database, Clock clock) {
        this.jdbc = database.jdbc();
        this.clock = Jdbc.databasePrecision(clock);
    }

    @Override
    public Subscription create(String tenantId, NewSubscription s) {
        Checks.notNull("subscription", s);
        Checks.plmn(s.operatorPlmn());
        Checks.digits("IMSI", s.imsi(), 6, 15);
        Checks.notNull("status", s.status());
        Checks.optionalText("filter", s.filter(), 4000);
        return jdbc.inTransaction(() -> {
            Owned.require(jdbc, "devices", "device", tenantId, s.deviceId());
            if (s.credentialSetId() != null) {
                Owned.require(jdbc, "usim_credentials", "USIM credential set", tenantId, s.credentialSetId());
            }
            Instant now = clock.instant();
            Subscription sub = new Subscription(UUID.randomUUID().toString(), tenantId, s.deviceId(), s.operatorPlmn(), s.imsi(),
                    s.status(), s.filter(), s.credentialSetId(), now, now);
            try {
                jdbc.update("INSERT INTO subscriptions (id, tenant_id, device_id, operator_plmn, imsi, status, filter_text,"
                        + " credential_set_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sub.id(), tenantId,
                        sub.deviceId(), sub.operatorPlmn(), sub.imsi(), sub.status(), sub.filter(), sub.credentialSetId(), now, now);
            } catch (DuplicateKeyException e) {
                throw new DuplicateKeyException("IMSI " + s.imsi() + " already has a subscription with " + s.operatorPlmn(), e);
            }
            return sub;
        });
    }

    @Override
    public Optional<Subscription> find(String tenantId, String subscriptionId) {
        return jdbc.queryOne("SELECT * FROM subscriptions WHERE tenant_id = ? AND id = ?", MAP, tenantId, subscriptionId);
    }

    @Override
    public Optional<Subscription> findByImsi(String tenantId, String operatorPlmn, String imsi) {
        return jdbc.queryOne("SELECT * FROM subscriptions WHERE tenant_id = ? AND operator_plmn = ? AND imsi = ?", MAP, tenantId,
                operatorPlmn, imsi);
    }

    @Override
    public List<Subscription> forDevice(String tenantId, String deviceId) {
        return jdbc.query("SELECT * FROM subscriptions WHERE tenant_id = ? AND device_id = ? ORDER BY created_at", MAP, tenantId,
                deviceId);
    }

    @Override
    public List<Subscription> list(String tenantId) {
        return jdbc.query("SELECT * FROM subscriptions WHERE tenant_id = ? ORDER BY created_at", MAP, tenantId);
    }

    @Override
    public boolean setStatus(String tenantId, String subscriptionId, SubscriptionStatus status) {
        Checks.notNull("status", status);
        return jdbc.update("UPDATE subscriptions SET status = ?, updated_at = ? WHERE tenant_id = ? AND id = ? AND status <> ?",
                status, clock.instant(), tenantId, subscriptionId, SubscriptionStatus.TERMINATED) == 1;
    }

    @Override
    public boolean setFilter(String tenantId, String subscriptionId, String filter) {
        Checks.optionalText("filter", filter, 4000);
        return jdbc.update("UPDATE subscriptions SET filter_text = ?, updated_at = ? WHERE tenant_id = ? AND id = ?", filter,
                clock.instant(), tenantId, subscriptionId) == 1;
    }
}
