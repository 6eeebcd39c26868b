package org.m2mdm.server.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.leshan.server.security.SecurityInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.server.store.ManagementServer;
import org.m2mdm.server.store.ManagementServerRole;
import org.m2mdm.server.store.NewDevice;
import org.m2mdm.server.store.NewManagementServer;
import org.m2mdm.server.store.Stores;
import org.m2mdm.server.store.Tenant;

class DeviceCredentialSecurityStoreTest {
    @TempDir
    Path dir;

    private Stores stores;
    private Tenant tenant;
    private ManagementServer mine;
    private ManagementServer other;
    private String deviceId;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeEach
    void open() {
        stores = Stores.open(dir);
        tenant = stores.tenants().create("t");
        mine = stores.managementServers().create(tenant.id(),
                new NewManagementServer("mine", ManagementServerRole.BOTH, "coaps://a:1", 1, null));
        other = stores.managementServers().create(tenant.id(),
                new NewManagementServer("other", ManagementServerRole.BOTH, "coaps://b:1", 2, null));
        deviceId = stores.devices().create(tenant.id(), new NewDevice("urn:dev:1", null, null, Set.of())).id();
    }

    @AfterEach
    void close() {
        stores.close();
    }

    /** A 16-byte key filled with {@code b}. */
    private static byte[] key(int b) {
        byte[] k = new byte[16];
        java.util.Arrays.fill(k, (byte) b);
        return k;
    }

    private DeviceCredentialSecurityStore store() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        return new DeviceCredentialSecurityStore(stores.deviceCredentials(), () -> Set.of(mine.id()),
                Duration.ofSeconds(30), clock);
    }

    @Test
    void answersOnlyForTheServersItRunsAndBindsThePskToTheEndpoint() {
        stores.deviceCredentials().put(tenant.id(), deviceId, mine.id(), "urn:dev:1@mine", key(1));
        stores.deviceCredentials().put(tenant.id(), deviceId, other.id(), "urn:dev:1@other", key(4));
        DeviceCredentialSecurityStore store = store();

        SecurityInfo byId = store.getByIdentity("urn:dev:1@mine");
        assertThat(byId.getEndpoint()).isEqualTo("urn:dev:1");
        assertThat(byId.getPreSharedKey()).isEqualTo(key(1));
        assertThat(store.getByEndpoint("urn:dev:1").getPskIdentity()).isEqualTo("urn:dev:1@mine");
        // another server's credential is not usable here
        assertThat(store.getByIdentity("urn:dev:1@other")).isNull();
        assertThat(store.getByIdentity("nobody")).isNull();
        assertThat(store.getByEndpoint(null)).isNull();
    }

    @Test
    void aReBootstrapIsSeenAtOnceAfterInvalidateAndOtherwiseAfterTheTtl() {
        stores.deviceCredentials().put(tenant.id(), deviceId, mine.id(), "urn:dev:1@mine", key(1));
        DeviceCredentialSecurityStore store = store();
        assertThat(store.getByEndpoint("urn:dev:1").getPreSharedKey()).isEqualTo(key(1));

        stores.deviceCredentials().put(tenant.id(), deviceId, mine.id(), "urn:dev:1@mine", key(2));
        assertThat(store.getByEndpoint("urn:dev:1").getPreSharedKey()).as("cached").isEqualTo(key(1));
        store.invalidate("urn:dev:1");
        assertThat(store.getByEndpoint("urn:dev:1").getPreSharedKey()).isEqualTo(key(2));
        assertThat(store.getByIdentity("urn:dev:1@mine").getPreSharedKey()).isEqualTo(key(2));

        stores.deviceCredentials().put(tenant.id(), deviceId, mine.id(), "urn:dev:1@mine", key(3));
        now.set(now.get().plusSeconds(31));
        assertThat(store.getByEndpoint("urn:dev:1").getPreSharedKey()).isEqualTo(key(3));
    }
}
