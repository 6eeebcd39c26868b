package org.m2mdm.server.activation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.trust.SignerRole;
import org.m2mdm.server.store.DeviceCredential;
import org.m2mdm.server.store.ManagementServer;
import org.m2mdm.server.store.ManagementServerRole;
import org.m2mdm.server.store.NewActivationEntry;
import org.m2mdm.server.store.NewDevice;
import org.m2mdm.server.store.NewManagementServer;
import org.m2mdm.server.store.Stores;
import org.m2mdm.server.store.Tenant;

/** The AAS configuration as built from the database, without the network. */
class DatabaseBootstrapConfigStoreTest {
    private static final CertificateAuthority ROOT = CertificateAuthority.createRoot("root", Duration.ofDays(1));

    private Stores stores;
    private Tenant tenant;
    private DatabaseBootstrapConfigStore store;
    private final List<String> invalidated = new ArrayList<>();

    @BeforeEach
    void open(@org.junit.jupiter.api.io.TempDir Path dir) {
        stores = Stores.open(dir);
        tenant = stores.tenants().create("t");
        store = new DatabaseBootstrapConfigStore(stores.devices(), stores.activationEntries(),
                stores.managementServers(), stores.deviceCredentials(), stores.audit(), List.of(ROOT.certificate()),
                () -> "coaps://aas.example:5684", invalidated::add, 300);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private ManagementServer server(String name, ManagementServerRole role, int shortId) {
        return stores.managementServers().create(tenant.id(),
                new NewManagementServer(name, role, "coaps://" + name + ".example:5684", shortId, null));
    }

    private String device(String endpoint, Set<String> labels) {
        return stores.devices().create(tenant.id(), new NewDevice(endpoint, null, null, labels)).id();
    }

    @Test
    void givesEachServerOfTheEntryAFreshPskAndOneSecurityAndServerInstance() {
        ManagementServer usim = server("usim", ManagementServerRole.USIM, 11);
        ManagementServer apps = server("apps", ManagementServerRole.APPLICATION, 12);
        stores.activationEntries().create(tenant.id(), NewActivationEntry.forLabel("meters", usim.id(), apps.id(),
                Set.of("USIM_MANAGEMENT")));
        device("urn:dev:1", Set.of("meters"));

        ActivationPlan plan = store.plan("urn:dev:1").orElseThrow();
        BootstrapConfig cfg = plan.config();
        assertThat(cfg.toDelete).containsExactly("/0", "/1");
        assertThat(cfg.security).hasSize(2);
        assertThat(cfg.servers.values()).extracting(s -> s.shortId).containsExactlyInAnyOrder(11, 12);
        assertThat(cfg.security.values()).allSatisfy(s -> {
            assertThat(s.securityMode).isEqualTo(SecurityMode.PSK);
            assertThat(s.bootstrapServer).isFalse();
            assertThat(s.secretKey).hasSize(32);
        });
        List<DeviceCredential> creds = stores.deviceCredentials().forEndpoint("urn:dev:1");
        assertThat(creds).hasSize(2);
        BootstrapConfig.ServerSecurity usimSec = cfg.security.values().stream().filter(s -> s.serverId == 11)
                .findFirst().orElseThrow();
        DeviceCredential usimCred = creds.stream().filter(c -> c.serverId().equals(usim.id())).findFirst()
                .orElseThrow();
        assertThat(usimSec.secretKey).isEqualTo(usimCred.pskKey());
        assertThat(new String(usimSec.publicKeyOrId)).isEqualTo(usimCred.pskIdentity());
        // the entry's roles only: USIM_MANAGEMENT may send usim-profile, nothing else is allowed
        assertThat(plan.trustPolicy().rules()).containsOnlyKeys(SignerRole.USIM_MANAGEMENT);
        assertThat(plan.trustPolicy().allows(Set.of(SignerRole.USIM_MANAGEMENT), PayloadType.USIM_PROFILE)).isTrue();
        assertThat(plan.aasAddress()).isEqualTo("coaps://aas.example:5684");
        assertThat(invalidated).containsExactly("urn:dev:1");

        // a second bootstrap replaces the keys
        byte[] before = usimCred.pskKey();
        store.plan("urn:dev:1").orElseThrow();
        byte[] after = stores.deviceCredentials().forEndpoint("urn:dev:1").stream()
                .filter(c -> c.serverId().equals(usim.id())).findFirst().orElseThrow().pskKey();
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void aServerGivenForBothRolesAppearsOnceAndTheStandardPolicyApplies() {
        ManagementServer both = server("one", ManagementServerRole.BOTH, 21);
        String id = device("urn:dev:2", Set.of());
        stores.activationEntries().create(tenant.id(), NewActivationEntry.forDevice(id, both.id(), both.id(), Set.of()));

        ActivationPlan plan = store.plan("urn:dev:2").orElseThrow();
        assertThat(plan.config().security).hasSize(1);
        assertThat(plan.config().servers).hasSize(1);
        assertThat(plan.trustPolicy().anchors()).containsExactly(ROOT.certificate());
        assertThat(plan.trustPolicy().rules()).containsKeys(SignerRole.USIM_MANAGEMENT,
                SignerRole.APPLICATION_MANAGEMENT);
    }

    @Test
    void noConfigForAnUnknownDeviceOrADeviceWithoutEntry() {
        device("urn:dev:3", Set.of("nothing-configured"));
        assertThat(store.plan("urn:dev:3")).isEqualTo(Optional.empty());
        assertThat(store.plan("urn:dev:unknown")).isEmpty();
        assertThat(stores.deviceCredentials().forEndpoint("urn:dev:3")).isEmpty();
        assertThat(stores.audit().list(tenant.id(), 10)).anyMatch(e -> e.outcome().equals("REJECTED")
                && e.detail().contains("no activation entry"));
    }

    @Test
    void refusesAServerWhoseUriIsNotCoap() {
        ManagementServer web = stores.managementServers().create(tenant.id(),
                new NewManagementServer("web", ManagementServerRole.BOTH, "http://web.example", 31, null));
        String id = device("urn:dev:4", Set.of());
        stores.activationEntries().create(tenant.id(), NewActivationEntry.forDevice(id, web.id(), null, Set.of()));
        assertThat(store.plan("urn:dev:4")).isEmpty();
        assertThat(stores.deviceCredentials().forEndpoint("urn:dev:4")).isEmpty();
    }
}
