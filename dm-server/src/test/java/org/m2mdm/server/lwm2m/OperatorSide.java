package org.m2mdm.server.lwm2m;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.m2mdm.envelope.EnvelopeSealer;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.envelope.pki.ServerIdentity;
import org.m2mdm.envelope.trust.SignerRole;
import org.m2mdm.mo.Models;
import org.m2mdm.server.activation.ActivationService;
import org.m2mdm.server.apps.ApplicationManagementService;
import org.m2mdm.server.jobs.JobEngine;
import org.m2mdm.server.store.ManagementServer;
import org.m2mdm.server.store.ManagementServerRole;
import org.m2mdm.server.store.NewActivationEntry;
import org.m2mdm.server.store.NewDevice;
import org.m2mdm.server.store.NewManagementServer;
import org.m2mdm.server.store.Stores;
import org.m2mdm.server.store.Tenant;
import org.m2mdm.server.usim.UsimManagementService;

/**
 * The operator side for LwM2M tests: stores on a data directory, one management server node serving the USIM and
 * the application role, the AAS and the job engine, wired like DmServer does. Opening it again on the same directory and {@link Ports}
 * is a server restart.
 */
public final class OperatorSide implements AutoCloseable {
    public static final String TENANT = "operator-a";
    public static final String FLEET_LABEL = "fleet";

    /** PKI that outlives restarts (it would live in the data directory in production). */
    public static final class Pki {
        public final CertificateAuthority manufacturer = CertificateAuthority.createRoot("Test Manufacturer CA",
                Duration.ofDays(30));
        public final CertificateAuthority provisioning = CertificateAuthority.createRoot("Test Provisioning Root",
                Duration.ofDays(30));
        public final ServerIdentity aas = provisioning.issueServer("aas", Set.of(SignerRole.ACTIVATION));
        public final ServerIdentity usim = provisioning.issueServer("usim-server", Set.of(SignerRole.USIM_MANAGEMENT));
        public final ServerIdentity apps = provisioning.issueServer("app-server",
                Set.of(SignerRole.APPLICATION_MANAGEMENT));
    }

    /** Ports bound by the first start, reused by a restart (devices keep the URIs the AAS gave them). */
    public static final class Ports {
        int aas;
        int lwm2m;
    }

    public final Stores stores;
    public final Pki pki;
    public final Ports ports;
    public final Tenant tenant;
    public final ManagementServerNode node;
    public final RegistrationDirectory directory = new RegistrationDirectory();
    public final ActivationService aas;
    public final UsimManagementService usim;
    public final ApplicationManagementService apps;
    public final JobEngine engine;
    public final ManagementServer server;

    public OperatorSide(Path dataDir, Pki pki, Ports ports) {
        this(dataDir, pki, ports, Duration.ofSeconds(93));
    }

    /** @param clientAwakeTime how long a queue-mode device counts as awake after it talked to the server */
    public OperatorSide(Path dataDir, Pki pki, Ports ports, Duration clientAwakeTime) {
        this.pki = pki;
        this.ports = ports;
        this.stores = Stores.open(dataDir);
        this.tenant = stores.tenants().findByName(TENANT).orElseGet(() -> stores.tenants().create(TENANT));
        String t = tenant.id();

        // one Leshan server serving both roles: Leshan's client registers with one LwM2M server only
        ManagementServer srv = stores.managementServers().findByName(t, "lwm2m").orElse(null);
        String[] ids = { srv == null ? null : srv.id() };
        DeviceCredentialSecurityStore psk = new DeviceCredentialSecurityStore(stores.deviceCredentials(),
                () -> Set.of(ids[0]));
        node = ManagementServerNode.builder().name("lwm2m").roles(EnumSet.allOf(ServerRole.class)).coapPort(-1)
                .coapsPort(ports.lwm2m).models(Models.all()).securityStore(psk)
                .requestTimeout(Duration.ofSeconds(3)).ackTimeout(Duration.ofMillis(500))
                .clientAwakeTime(clientAwakeTime).build();
        node.start();
        ports.lwm2m = node.coapsUri().getPort();
        if (srv == null) {
            srv = stores.managementServers().create(t, new NewManagementServer("lwm2m", ManagementServerRole.BOTH,
                    node.coapsUri().toString(), 101, Pem.encodeCertificates(pki.usim.certificateChain())));
            stores.activationEntries().create(t,
                    NewActivationEntry.forLabel(FLEET_LABEL, srv.id(), srv.id(), Set.of()));
        }
        ids[0] = srv.id();
        server = srv;
        directory.add(node);
        directory.recordRegistrations(stores.devices(), stores.audit());

        usim = UsimManagementService.builder().directory(directory)
                .sealer(EnvelopeSealer.builder().signingKey(pki.usim.keyPair().getPrivate())
                        .certificateChain(pki.usim.certificateChain()).build())
                .usimCredentialStore(stores.usimCredentials()).deviceStore(stores.devices()).auditLog(stores.audit())
                .followTimeout(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).build();
        apps = ApplicationManagementService.builder().directory(directory)
                .sealer(EnvelopeSealer.builder().signingKey(pki.apps.keyPair().getPrivate())
                        .certificateChain(pki.apps.certificateChain()).build())
                .appParameterSetStore(stores.appParameters()).deviceStore(stores.devices()).auditLog(stores.audit())
                .models(Models.all()).build();
        aas = ActivationService.builder().port(ports.aas).manufacturerCas(List.of(pki.manufacturer.certificate()))
                .defaultTrustAnchors(List.of(pki.provisioning.certificate())).serverIdentity(pki.aas)
                .models(Models.all()).deviceStore(stores.devices()).activationEntryStore(stores.activationEntries())
                .managementServerStore(stores.managementServers()).deviceCredentialStore(stores.deviceCredentials())
                .auditLog(stores.audit()).onCredentialsChanged(psk::invalidate).registrationLifetime(60).build();
        aas.start();
        ports.aas = aas.coapsUri().getPort();
        engine = JobEngine.builder().jobStore(stores.jobs()).auditLog(stores.audit())
                .handler(usim.installAndSwitchHandler()).handlers(apps.handlers()).pollInterval(Duration.ofMillis(200))
                .lease(Duration.ofSeconds(3)).backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).maxAttempts(8)
                .globalConcurrency(8).perJobConcurrency(4).offlineRecheck(Duration.ofSeconds(30)).build();
        engine.listenTo(directory, stores.devices());
        engine.start();
    }

    /** Mints a device (certificate from the manufacturer CA) and puts it in the inventory with the fleet label. */
    public DeviceIdentity addDevice(String endpoint) {
        DeviceIdentity id = pki.manufacturer.issueDevice(endpoint);
        stores.devices().create(tenant.id(), new NewDevice(endpoint,
                Pem.encodeCertificates(List.of(id.certificate())), null, Set.of(FLEET_LABEL)));
        return id;
    }

    public TestTerminal terminal(DeviceIdentity id, String initialIccid) {
        return new TestTerminal(id, aas.coapsUri(), pki.aas.certificate(), initialIccid);
    }

    public TestTerminal queueModeTerminal(DeviceIdentity id, String initialIccid) {
        return new TestTerminal(id, aas.coapsUri(), pki.aas.certificate(), initialIccid, true);
    }

    public String deviceId(String endpoint) {
        return stores.devices().findByEndpoint(tenant.id(), endpoint).orElseThrow().id();
    }

    @Override
    public void close() {
        engine.close();
        aas.close();
        node.close();
        stores.close();
    }
}
