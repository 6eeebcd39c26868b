package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceStoreTest {
    private static final String KU_FP = "a".repeat(64);

    @TempDir
    Path dir;
    StoreFixture f;
    DeviceStore devices;
    Tenant a;
    Tenant b;

    @BeforeEach
    void open() {
        f = StoreFixture.open(dir);
        devices = f.stores.devices();
        a = f.tenant("operator-a");
        b = f.tenant("operator-b");
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void createsAndFindsADeviceWithCertificateKuAndLabels() {
        String pem = StoreFixture.certificatePem();
        Device d = devices.create(a.id(), new NewDevice("urn:imei:1", pem, KU_FP, Set.of("meters", "berlin")));

        Device found = devices.find(a.id(), d.id()).orElseThrow();
        assertThat(found.endpoint()).isEqualTo("urn:imei:1");
        assertThat(found.certificatePem()).isEqualTo(pem);
        assertThat(found.labels()).containsExactlyInAnyOrder("meters", "berlin");
        assertThat(found.state()).isEqualTo(DeviceState.PROVISIONED);
        assertThat(devices.findByEndpoint(a.id(), "urn:imei:1")).contains(found);
        assertThat(devices.findByKuFingerprint(a.id(), KU_FP)).contains(found);
        assertThat(devices.locate("urn:imei:1")).contains(found);
    }

    @Test
    void anotherTenantsDeviceIsNotFoundAndCannotBeChanged() {
        Device d = f.device(a.id(), "urn:imei:1");
        assertThat(devices.find(b.id(), d.id())).isEmpty();
        assertThat(devices.findByEndpoint(b.id(), "urn:imei:1")).isEmpty();
        assertThat(devices.list(b.id(), DeviceFilter.all(), 0, 10).items()).isEmpty();
        assertThat(devices.setState(b.id(), d.id(), DeviceState.REVOKED)).isFalse();
        assertThat(devices.setLabels(b.id(), d.id(), Set.of("x"))).isFalse();
        assertThat(devices.recordObjectTree(b.id(), d.id(), "{}", Instant.EPOCH)).isFalse();
        assertThat(devices.delete(b.id(), d.id())).isFalse();
        assertThat(devices.find(a.id(), d.id()).orElseThrow().state()).isEqualTo(DeviceState.PROVISIONED);
    }

    @Test
    void endpointsAreUniqueAcrossTenants() {
        f.device(a.id(), "urn:imei:1");
        assertThatThrownBy(() -> f.device(b.id(), "urn:imei:1")).isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("urn:imei:1");
    }

    @Test
    void importWritesAllRowsInOneGo() {
        List<NewDevice> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(new NewDevice("urn:imei:" + i, null, null, Set.of("batch")));
        }
        assertThat(devices.importAll(a.id(), rows)).hasSize(50);
        assertThat(devices.list(a.id(), DeviceFilter.label("batch"), 0, 10).total()).isEqualTo(50);
    }

    @Test
    void importWithAnEndpointAlreadyRegisteredWritesNothingAndNamesTheRow() {
        f.device(b.id(), "urn:imei:taken");
        List<NewDevice> rows = List.of(new NewDevice("urn:imei:1", null, null, Set.of()),
                new NewDevice("urn:imei:2", null, null, Set.of()),
                new NewDevice("urn:imei:taken", null, null, Set.of()),
                new NewDevice("urn:imei:4", null, null, Set.of()));

        assertThatThrownBy(() -> devices.importAll(a.id(), rows)).isInstanceOfSatisfying(DeviceImportException.class, e -> {
            assertThat(e.index()).isEqualTo(2);
            assertThat(e.endpoint()).isEqualTo("urn:imei:taken");
            assertThat(e.getMessage()).contains("already registered");
        });
        assertThat(devices.list(a.id(), DeviceFilter.all(), 0, 10).total()).isZero();
        assertThat(devices.locate("urn:imei:1")).isEmpty();
    }

    @Test
    void importWithADuplicateInsideTheListOrABadRowWritesNothing() {
        List<NewDevice> dup = List.of(new NewDevice("urn:imei:1", null, null, Set.of()),
                new NewDevice("urn:imei:2", null, null, Set.of()),
                new NewDevice("urn:imei:1", null, null, Set.of()));
        assertThatThrownBy(() -> devices.importAll(a.id(), dup)).isInstanceOfSatisfying(DeviceImportException.class, e -> {
            assertThat(e.index()).isEqualTo(2);
            assertThat(e.getMessage()).contains("also row 0");
        });

        List<NewDevice> bad = List.of(new NewDevice("urn:imei:1", null, null, Set.of()),
                new NewDevice("urn:imei:2", "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n", null, Set.of()));
        assertThatThrownBy(() -> devices.importAll(a.id(), bad)).isInstanceOfSatisfying(DeviceImportException.class, e -> {
            assertThat(e.index()).isEqualTo(1);
            assertThat(e.getMessage()).contains("X.509");
        });
        List<NewDevice> badKu = List.of(new NewDevice("urn:imei:1", null, "XYZ", Set.of()));
        assertThatThrownBy(() -> devices.importAll(a.id(), badKu)).isInstanceOfSatisfying(DeviceImportException.class,
                e -> assertThat(e.index()).isZero());
        assertThat(devices.list(a.id(), DeviceFilter.all(), 0, 10).total()).isZero();
    }

    @Test
    void listsWithFiltersAndPaging() {
        for (int i = 0; i < 7; i++) {
            f.device(a.id(), "urn:imei:10" + i, i % 2 == 0 ? "even" : "odd");
        }
        f.device(a.id(), "other-1", "even");
        Device first = devices.findByEndpoint(a.id(), "urn:imei:100").orElseThrow();
        devices.setState(a.id(), first.id(), DeviceState.ACTIVE);

        Page<Device> page = devices.list(a.id(), new DeviceFilter(null, null, "urn:imei:"), 2, 3);
        assertThat(page.total()).isEqualTo(7);
        assertThat(page.items()).extracting(Device::endpoint).containsExactly("urn:imei:102", "urn:imei:103", "urn:imei:104");
        assertThat(devices.list(a.id(), DeviceFilter.label("even"), 0, 100).total()).isEqualTo(5);
        assertThat(devices.list(a.id(), new DeviceFilter("even", DeviceState.ACTIVE, null), 0, 100).items())
                .extracting(Device::endpoint).containsExactly("urn:imei:100");
        assertThat(devices.list(a.id(), new DeviceFilter(null, null, "urn_"), 0, 100).total()).as("_ is literal").isZero();
        assertThat(devices.idsWithLabel(a.id(), "odd")).hasSize(3);
        assertThatThrownBy(() -> devices.list(a.id(), DeviceFilter.all(), -1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConditionalTransitionNeverDowngrades() {
        Device d = f.device(a.id(), "urn:imei:1");
        Set<DeviceState> early = Set.of(DeviceState.PROVISIONED, DeviceState.BOOTSTRAPPED);
        assertThat(devices.transition(a.id(), d.id(), early, DeviceState.ACTIVE)).isTrue();
        assertThat(devices.transition(a.id(), d.id(), Set.of(DeviceState.PROVISIONED), DeviceState.BOOTSTRAPPED)).isFalse();
        assertThat(devices.find(a.id(), d.id()).orElseThrow().state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(devices.transition(b.id(), d.id(), Set.of(DeviceState.ACTIVE), DeviceState.REVOKED)).isFalse();
        assertThatThrownBy(() -> devices.transition(a.id(), d.id(), Set.of(), DeviceState.ACTIVE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsTheObjectTreeAndReplacesLabels() {
        Device d = f.device(a.id(), "urn:imei:1", "x");
        Instant readAt = Instant.parse("2026-02-03T04:05:06Z");
        assertThat(devices.recordObjectTree(a.id(), d.id(), "{\"3\":{}}", readAt)).isTrue();
        assertThat(devices.setLabels(a.id(), d.id(), Set.of("y", "z"))).isTrue();
        Device after = devices.find(a.id(), d.id()).orElseThrow();
        assertThat(after.objectTreeJson()).isEqualTo("{\"3\":{}}");
        assertThat(after.objectTreeReadAt()).isEqualTo(readAt);
        assertThat(after.labels()).containsExactlyInAnyOrder("y", "z");
        assertThatThrownBy(() -> devices.setLabels(a.id(), d.id(), Set.of("bad label"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deletesADeviceWithItsLabels() {
        Device d = f.device(a.id(), "urn:imei:1", "x");
        assertThat(devices.delete(a.id(), d.id())).isTrue();
        assertThat(devices.find(a.id(), d.id())).isEmpty();
        assertThat(f.stores.database().jdbc().queryLong("SELECT COUNT(*) FROM device_labels")).isZero();
    }

    @Test
    void refusesBadEndpoints() {
        assertThatThrownBy(() -> f.device(a.id(), "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.device(a.id(), "with space")).hasMessageContaining("spaces");
        assertThatThrownBy(() -> f.device(a.id(), "x".repeat(256))).hasMessageContaining("255");
    }
}
