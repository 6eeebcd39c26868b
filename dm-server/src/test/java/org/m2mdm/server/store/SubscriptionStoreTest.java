package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubscriptionStoreTest extends StoreTestBase {

    @Test
    void recordsAndChangesASubscription() {
        Device d = f.device(a.id(), "urn:imei:1");
        SubscriptionStore subs = stores.subscriptions();
        Subscription s = subs.create(a.id(), new NewSubscription(d.id(), "001-01", "001010000000001", SubscriptionStatus.INACTIVE,
                "127.0.0.1:5683", null));

        assertThat(subs.forDevice(a.id(), d.id())).containsExactly(s);
        assertThat(subs.findByImsi(a.id(), "001-01", "001010000000001")).contains(s);
        assertThat(subs.setStatus(a.id(), s.id(), SubscriptionStatus.ACTIVE)).isTrue();
        assertThat(subs.setFilter(a.id(), s.id(), "allow-all")).isTrue();
        Subscription after = subs.find(a.id(), s.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(after.filter()).isEqualTo("allow-all");

        assertThat(subs.setStatus(a.id(), s.id(), SubscriptionStatus.TERMINATED)).isTrue();
        assertThat(subs.setStatus(a.id(), s.id(), SubscriptionStatus.ACTIVE)).as("terminated is final").isFalse();
    }

    @Test
    void anotherTenantCannotSeeOrChangeItNorAttachItToItsOwnDevice() {
        Device d = f.device(a.id(), "urn:imei:1");
        Subscription s = stores.subscriptions().create(a.id(), new NewSubscription(d.id(), "001-01", "001010000000001",
                SubscriptionStatus.ACTIVE, null, null));
        assertThat(stores.subscriptions().find(b.id(), s.id())).isEmpty();
        assertThat(stores.subscriptions().list(b.id())).isEmpty();
        assertThat(stores.subscriptions().setStatus(b.id(), s.id(), SubscriptionStatus.BARRED)).isFalse();
        assertThatThrownBy(() -> stores.subscriptions().create(b.id(), new NewSubscription(d.id(), "001-02", "001020000000001",
                SubscriptionStatus.ACTIVE, null, null))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void rejectsBadInputAndDuplicateImsis() {
        Device d = f.device(a.id(), "urn:imei:1");
        NewSubscription ok = new NewSubscription(d.id(), "001-01", "001010000000001", SubscriptionStatus.ACTIVE, null, null);
        stores.subscriptions().create(a.id(), ok);
        assertThatThrownBy(() -> stores.subscriptions().create(a.id(), ok)).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> stores.subscriptions().create(a.id(), new NewSubscription(d.id(), "00101", "001010000000002",
                SubscriptionStatus.ACTIVE, null, null))).hasMessageContaining("MCC-MNC");
        assertThatThrownBy(() -> stores.subscriptions().create(a.id(), new NewSubscription(d.id(), "001-01", "12ab",
                SubscriptionStatus.ACTIVE, null, null))).hasMessageContaining("IMSI");
    }
}
