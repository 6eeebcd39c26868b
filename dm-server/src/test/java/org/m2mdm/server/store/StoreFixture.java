package org.m2mdm.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

/** Real H2 in a temporary directory, with a fresh master key file. */
final class StoreFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final Path dataDir;
    final Stores stores;

    private StoreFixture(Path dataDir, Stores stores) {
        this.dataDir = dataDir;
        this.stores = stores;
    }

    static StoreFixture open(Path dataDir) {
        return new StoreFixture(dataDir, Stores.open(DatabaseConfig.embedded(dataDir),
                SecretCipher.load(Stores.masterKeyFile(dataDir)), Clock.fixed(T0, ZoneOffset.UTC)));
    }

    Tenant tenant(String name) {
        return stores.tenants().create(name);
    }

    Device device(String tenantId, String endpoint, String... labels) {
        return stores.devices().create(tenantId, new NewDevice(endpoint, null, null, Set.of(labels)));
    }

    static String certificatePem() {
        try (InputStream in = StoreFixture.class.getResourceAsStream("/store/device-cert.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stores.close();
    }
}
