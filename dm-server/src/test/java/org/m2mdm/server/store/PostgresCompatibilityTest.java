package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.usim.Iccid;

/**
 * The schema and every store's SQL on a real PostgreSQL. Skipped unless a server is given, e.g.
 * {@code -Dm2mdm.test.postgresUrl=jdbc:postgresql://127.0.0.1:54329/m2mdm -Dm2mdm.test.postgresUser=m2mdm};
 * each run works in a fresh schema that it drops afterwards.
 */
@EnabledIfSystemProperty(named = "m2mdm.test.postgresUrl", matches = "jdbc:postgresql:.*")
class PostgresCompatibilityTest {
    @TempDir
    Path dir;

    @Test
    void everyStoreWorksOnPostgresql() throws Exception {
        String url = System.getProperty("m2mdm.test.postgresUrl");
        String user = System.getProperty("m2mdm.test.postgresUser", "m2mdm");
        String password = System.getProperty("m2mdm.test.postgresPassword", "");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (Stores stores = Stores.open(new DatabaseConfig(schemaUrl, user, password, 4), SecretCipher.load(dir.resolve("keys")),
                Clock.systemUTC())) {
            exercise(stores);
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** Four "nodes" (threads with their own connections) race: every target is claimed once, every number handed out once. */
    private static void concurrentClaimersAndSequences(Stores stores, Tenant a) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(stores.devices().create(a.id(), new NewDevice("urn:imei:race-" + i, null, null, Set.of())).id());
        }
        stores.jobs().createJob(a.id(), "race", "{}", ids);
        Instant later = Instant.now().plusSeconds(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<String>>> futures = new java.util.ArrayList<>();
            for (int n = 0; n < 4; n++) {
                String owner = "node-" + n;
                futures.add(pool.submit(() -> {
                    List<String> mine = new java.util.ArrayList<>();
                    for (int round = 0; round < 20; round++) {
                        stores.jobs().claimDue(later, 3, owner, Duration.ofMinutes(5)).stream()
                                .filter(c -> c.job().type().equals("race")).forEach(c -> mine.add(c.target().id()));
                        mine.add("seq:" + stores.sequences().next("urn:imei:shared"));
                    }
                    return mine;
                }));
            }
            List<String> all = new java.util.ArrayList<>();
            for (var fu : futures) {
                all.addAll(fu.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(all.stream().filter(x -> !x.startsWith("seq:"))).hasSize(40).doesNotHaveDuplicates();
            assertThat(all.stream().filter(x -> x.startsWith("seq:"))).hasSize(80).doesNotHaveDuplicates();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void exercise(Stores stores) {
        Tenant a = stores.tenants().create("operator-a");
        Tenant b = stores.tenants().create("operator-b");
        String token = stores.tenants().issueToken(a.id());
        assertThat(stores.tenants().authenticate(token)).contains(a);

        List<Device> devices = stores.devices().importAll(a.id(), List.of(
                new NewDevice("urn:imei:1", StoreFixture.certificatePem(), "a".repeat(64), Set.of("meters")),
                new NewDevice("urn:imei:2", null, null, Set.of("meters", "berlin")),
                new NewDevice("urn:imei:3", null, null, Set.of())));
        assertThatThrownBy(() -> stores.devices().importAll(a.id(), List.of(new NewDevice("urn:imei:4", null, null, Set.of()),
                new NewDevice("urn:imei:1", null, null, Set.of())))).isInstanceOfSatisfying(DeviceImportException.class,
                        e -> assertThat(e.index()).isEqualTo(1));
        assertThat(stores.devices().locate("urn:imei:4")).isEmpty();
        assertThat(stores.devices().list(a.id(), DeviceFilter.label("meters"), 1, 1).items()).extracting(Device::endpoint)
                .containsExactly("urn:imei:2");
        assertThat(stores.devices().list(a.id(), new DeviceFilter(null, null, "urn:imei:"), 0, 10).total()).isEqualTo(3);
        assertThat(stores.devices().find(b.id(), devices.get(0).id())).isEmpty();
        Device d1 = devices.get(0);
        assertThat(stores.devices().recordObjectTree(a.id(), d1.id(), "{}", Instant.now())).isTrue();

        UsimCredentialSet set = stores.usimCredentials().create(a.id(), new NewUsimCredentialSet("001010000000001",
                Iccid.withCheckDigit("898821100000000001").digits(), new UsimSecret(new byte[16], new byte[16]), "MILENAGE", 0x8000,
                "001-01"));
        assertThat(stores.usimCredentials().assignFromPool(a.id(), "001-01", d1.id())).isPresent();
        assertThat(stores.usimCredentials().secret(a.id(), set.id()).orElseThrow().k()).isEqualTo(new byte[16]);
        Subscription sub = stores.subscriptions().create(a.id(), new NewSubscription(d1.id(), "001-01", "001010000000001",
                SubscriptionStatus.INACTIVE, "none", set.id()));
        assertThat(stores.subscriptions().setStatus(a.id(), sub.id(), SubscriptionStatus.ACTIVE)).isTrue();

        ManagementServer usim = stores.managementServers().create(a.id(),
                new NewManagementServer("usim", ManagementServerRole.BOTH, "coaps://127.0.0.1:5684", 1, null));
        stores.managementServers().setPrivateKey(a.id(), usim.id(), new byte[] {1, 2, 3});
        stores.activationEntries().create(a.id(), NewActivationEntry.forLabel("meters", usim.id(), usim.id(), Set.of("USIM_MANAGEMENT")));
        assertThat(stores.activationEntries().resolve(a.id(), d1.id(), d1.labels())).isPresent();
        stores.deviceCredentials().put(a.id(), d1.id(), usim.id(), "psk-1", new byte[16]);
        stores.deviceCredentials().put(a.id(), d1.id(), usim.id(), "psk-2", new byte[16]);
        assertThat(stores.deviceCredentials().findByIdentity("psk-2")).isPresent();
        stores.appParameters().create(a.id(), new NewAppParameterSet("app", "1", List.of("coap://x"), Map.of("k", "v")));

        Job job = stores.jobs().createJob(a.id(), "usim.install", "{}", devices.stream().map(Device::id).toList());
        Instant now = Instant.now().plusMillis(1);
        List<ClaimedTarget> claimed = stores.jobs().claimDue(now, 10, 2, "node-1", Duration.ofSeconds(30));
        assertThat(claimed).hasSize(2);
        long seq = stores.jobs().reserveSequence(claimed.get(0).target().id());
        assertThat(stores.jobs().reserveSequence(claimed.get(0).target().id())).isEqualTo(seq);
        assertThat(stores.jobs().complete(claimed.get(0).target().id(), TargetState.SUCCEEDED, "ok")).isTrue();
        assertThat(stores.jobs().defer(claimed.get(1).target().id(), now, "asleep")).isTrue();
        assertThat(stores.jobs().claimDue(now.plusSeconds(31), 10, "node-2", Duration.ofSeconds(30))).hasSize(2);
        assertThat(stores.jobs().countsByState(a.id(), job.id())).containsEntry(TargetState.SUCCEEDED, 1L)
                .containsEntry(TargetState.DELIVERING, 2L);
        assertThat(stores.jobs().list(a.id(), 0, 5).total()).isEqualTo(1);
        assertThat(stores.jobs().pendingTargetsForDevice(devices.get(1).id())).hasSizeLessThanOrEqualTo(1);

        assertThat(stores.sequences().next("urn:imei:x")).isEqualTo(1);
        stores.audit().record(new AuditEvent("test", a.id(), "pg.check", "s", "OK", null, now));
        assertThat(stores.audit().list(a.id(), 5)).hasSize(1);

        concurrentClaimersAndSequences(stores, a);

        stores.cipher().rotate();
        assertThat(stores.cipher().reencryptAll(stores.database())).as("K, OPc, one PSK, one private key").isEqualTo(4);
        assertThat(stores.usimCredentials().secret(a.id(), set.id())).isPresent();
    }
}
