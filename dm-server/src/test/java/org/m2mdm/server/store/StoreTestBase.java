package org.m2mdm.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Two tenants over a fresh database. */
abstract class StoreTestBase {
    @TempDir
    Path dir;
    StoreFixture f;
    Stores stores;
    Tenant a;
    Tenant b;

    @BeforeEach
    void openStores() {
        f = StoreFixture.open(dir);
        stores = f.stores;
        a = f.tenant("operator-a");
        b = f.tenant("operator-b");
    }

    @AfterEach
    void closeStores() {
        f.close();
    }

    ManagementServer server(Tenant t, String name, ManagementServerRole role, int ssid) {
        return stores.managementServers().create(t.id(), new NewManagementServer(name, role, "coaps://127.0.0.1:" + (5683 + ssid), ssid, null));
    }
}
