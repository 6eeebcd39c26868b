package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Management servers, AAS entries, per-device PSKs and application parameter sets. */
class ManagementAndActivationStoresTest extends StoreTestBase {

    @Test
    void managementServersAreTenantScopedAndKeepTheirPrivateKeyEncrypted() {
        ManagementServer s = server(a, "usim-1", ManagementServerRole.USIM, 1);
        assertThat(stores.managementServers().find(a.id(), s.id())).contains(s);
        assertThat(stores.managementServers().find(b.id(), s.id())).isEmpty();
        assertThat(stores.managementServers().setPrivateKey(b.id(), s.id(), new byte[] {1})).isFalse();
        assertThat(stores.managementServers().setPrivateKey(a.id(), s.id(), "PRIVATE-KEY-DER".getBytes())).isTrue();
        assertThat(stores.managementServers().privateKey(a.id(), s.id())).hasValueSatisfying(k -> assertThat(new String(k)).isEqualTo("PRIVATE-KEY-DER"));
        assertThat(stores.managementServers().privateKey(b.id(), s.id())).isEmpty();
        assertThat(stores.database().jdbc().queryOne("SELECT private_key_enc FROM management_servers", r -> r.str("private_key_enc")))
                .hasValueSatisfying(v -> assertThat(v).doesNotContain("PRIVATE"));
        assertThatThrownBy(() -> server(a, "usim-2", ManagementServerRole.USIM, 1)).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> stores.managementServers().create(a.id(),
                new NewManagementServer("x", ManagementServerRole.USIM, "not a uri", 9, null))).hasMessageContaining("URI");
        assertThat(server(b, "usim-1", ManagementServerRole.USIM, 1).name()).as("names are per tenant").isEqualTo("usim-1");
    }

    @Test
    void aDevicesOwnActivationEntryWinsOverItsLabels() {
        ManagementServer usim = server(a, "usim", ManagementServerRole.USIM, 1);
        ManagementServer apps = server(a, "apps", ManagementServerRole.APPLICATION, 2);
        ManagementServer both = server(a, "both", ManagementServerRole.BOTH, 3);
        Device d = f.device(a.id(), "urn:imei:1", "meters", "berlin");
        Device other = f.device(a.id(), "urn:imei:2", "meters");

        stores.activationEntries().create(a.id(), NewActivationEntry.forLabel("meters", usim.id(), apps.id(), Set.of("USIM_MANAGEMENT")));
        stores.activationEntries().create(a.id(), NewActivationEntry.forLabel("berlin", both.id(), both.id(), Set.of()));
        assertThat(stores.activationEntries().resolve(a.id(), d.id(), d.labels())).hasValueSatisfying(e ->
                assertThat(e.label()).as("first label alphabetically").isEqualTo("berlin"));

        ActivationEntry own = stores.activationEntries().create(a.id(), NewActivationEntry.forDevice(d.id(), both.id(), apps.id(),
                Set.of("USIM_MANAGEMENT", "APPLICATION_MANAGEMENT")));
        assertThat(stores.activationEntries().resolve(a.id(), d.id(), d.labels())).contains(own);
        assertThat(own.trustedRoles()).containsExactlyInAnyOrder("USIM_MANAGEMENT", "APPLICATION_MANAGEMENT");
        assertThat(stores.activationEntries().resolve(a.id(), other.id(), other.labels())).hasValueSatisfying(e ->
                assertThat(e.usimServerId()).isEqualTo(usim.id()));
        assertThat(stores.activationEntries().resolve(b.id(), d.id(), d.labels())).isEmpty();
        assertThat(stores.activationEntries().resolve(a.id(), f.device(a.id(), "urn:imei:3").id(), Set.of())).isEmpty();
    }

    @Test
    void activationEntriesAreChecked() {
        ManagementServer usim = server(a, "usim", ManagementServerRole.USIM, 1);
        ManagementServer foreign = server(b, "apps", ManagementServerRole.APPLICATION, 2);
        Device d = f.device(a.id(), "urn:imei:1");
        assertThatThrownBy(() -> stores.activationEntries().create(a.id(), new NewActivationEntry(d.id(), "x", usim.id(), null, Set.of(), null)))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> stores.activationEntries().create(a.id(), NewActivationEntry.forDevice(d.id(), usim.id(), foreign.id(), Set.of())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> stores.activationEntries().create(a.id(), NewActivationEntry.forDevice(d.id(), null, usim.id(), Set.of())))
                .hasMessageContaining("role USIM");
        stores.activationEntries().create(a.id(), NewActivationEntry.forDevice(d.id(), usim.id(), null, Set.of()));
        assertThatThrownBy(() -> stores.activationEntries().create(a.id(), NewActivationEntry.forDevice(d.id(), usim.id(), null, Set.of())))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void devicePskCredentialsAreReplacedOnReBootstrapAndFoundByIdentity() {
        ManagementServer usim = server(a, "usim", ManagementServerRole.USIM, 1);
        Device d = f.device(a.id(), "urn:imei:1");
        byte[] first = new byte[16];
        byte[] second = new byte[32];
        second[0] = 7;
        stores.deviceCredentials().put(a.id(), d.id(), usim.id(), "urn:imei:1#1", first);
        DeviceCredential now = stores.deviceCredentials().put(a.id(), d.id(), usim.id(), "urn:imei:1#2", second);

        assertThat(stores.deviceCredentials().forDevice(a.id(), d.id())).containsExactly(now);
        assertThat(stores.deviceCredentials().findByIdentity("urn:imei:1#1")).isEmpty();
        assertThat(stores.deviceCredentials().findByIdentity("urn:imei:1#2")).hasValueSatisfying(c -> {
            assertThat(c.pskKey()).isEqualTo(second);
            assertThat(c.endpoint()).isEqualTo("urn:imei:1");
            assertThat(c.serverId()).isEqualTo(usim.id());
            assertThat(c.toString()).contains("redacted").doesNotContain("[B@");
        });
        assertThat(stores.deviceCredentials().findByEndpoint(usim.id(), "urn:imei:1")).contains(now);
        assertThat(stores.deviceCredentials().forEndpoint("urn:imei:1")).containsExactly(now);
        assertThat(stores.deviceCredentials().find(b.id(), d.id(), usim.id())).isEmpty();
        assertThatThrownBy(() -> stores.deviceCredentials().put(a.id(), d.id(), usim.id(), "id", new byte[4])).hasMessageContaining("16..64");
        assertThat(stores.deviceCredentials().deleteForDevice(a.id(), d.id())).isEqualTo(1);
    }

    @Test
    void applicationParameterSetsKeepUrisAndParameters() {
        AppParameterSet s = stores.appParameters().create(a.id(), new NewAppParameterSet("meter-app", "1.2",
                List.of("coaps://app.example:5684"), Map.of("interval", "900", "unit", "kWh")));
        assertThat(stores.appParameters().find(a.id(), "meter-app", "1.2")).hasValueSatisfying(found -> {
            assertThat(found.serverUris()).containsExactly("coaps://app.example:5684");
            assertThat(found.parameters()).containsEntry("interval", "900").containsEntry("unit", "kWh");
        });
        assertThat(stores.appParameters().find(b.id(), s.id())).isEmpty();
        assertThatThrownBy(() -> stores.appParameters().create(a.id(), new NewAppParameterSet("meter-app", "1.2", List.of(), Map.of())))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(stores.appParameters().delete(b.id(), s.id())).isFalse();
        assertThat(stores.appParameters().delete(a.id(), s.id())).isTrue();
    }
}
