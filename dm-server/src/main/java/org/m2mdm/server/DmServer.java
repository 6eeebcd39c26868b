package org.m2mdm.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.core.model.ObjectModel;
import org.m2mdm.envelope.EnvelopeSealer;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.envelope.pki.ServerIdentity;
import org.m2mdm.mo.Models;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.server.ServerConfig.Role;
import org.m2mdm.server.activation.ActivationService;
import org.m2mdm.server.activation.OtaTrigger;
import org.m2mdm.server.api.ApiServer;
import org.m2mdm.server.api.OperatorApi;
import org.m2mdm.server.api.RegistrationLookup;
import org.m2mdm.server.apps.ApplicationManagementService;
import org.m2mdm.server.connectivity.ConnectivityProvider;
import org.m2mdm.server.connectivity.ConnectivityProviders;
import org.m2mdm.server.connectivity.NetworkSimConnectivity;
import org.m2mdm.server.jobs.JobEngine;
import org.m2mdm.server.jobs.JobHandler;
import org.m2mdm.server.lwm2m.DeviceCredentialSecurityStore;
import org.m2mdm.server.lwm2m.ManagementServerNode;
import org.m2mdm.server.lwm2m.RegistrationDirectory;
import org.m2mdm.server.lwm2m.ServerRole;
import org.m2mdm.server.store.DatabaseConfig;
import org.m2mdm.server.store.DatabaseOpenException;
import org.m2mdm.server.store.DuplicateKeyException;
import org.m2mdm.server.store.ManagementServer;
import org.m2mdm.server.store.ManagementServerRole;
import org.m2mdm.server.store.NewActivationEntry;
import org.m2mdm.server.store.NewManagementServer;
import org.m2mdm.server.store.SecretCipher;
import org.m2mdm.server.store.Stores;
import org.m2mdm.server.store.Tenant;
import org.m2mdm.server.usim.UsimManagementService;
import org.m2mdm.usim.Plmn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dm-server process: every operator-side role wired from a {@link ServerConfig} — the database and secrets
 * at rest, the PKI under the data directory, the embedded simulated network as connectivity provider, the AAS
 * (bootstrap server), the USIM and application management servers (LwM2M), the durable job engine and the HTTP
 * API. Each role can be switched off. On the first start on a data directory it creates the demo tenant, its
 * first API token (written to a 0600 file), the manufacturer CA, the provisioning root and the server identities.
 */
public final class DmServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DmServer.class);

    /**
     * Names of the management-server rows that point at this process's own LwM2M server(s): one row with role BOTH
     * when USIM and application management run here (a LwM2M client keeps a single registration, so both roles
     * share one Leshan server), else one row for the role that runs.
     */
    public static final String EMBEDDED_SERVER = "embedded";
    public static final String EMBEDDED_USIM_SERVER = "embedded-usim";
    public static final String EMBEDDED_APPLICATION_SERVER = "embedded-application";
    static final int EMBEDDED_USIM_SHORT_ID = 101;
    /** Label whose devices the demo tenant's default AAS entry (created on the first start) covers. */
    public static final String DEMO_LABEL = "demo";
    static final int EMBEDDED_APPLICATION_SHORT_ID = 102;

    private final ServerConfig config;
    private final DataDirectory dataDirectory;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final RegistrationDirectory directory = new RegistrationDirectory();
    // PSK lookups of the management server(s), told by the AAS when it issues new device credentials
    private final List<DeviceCredentialSecurityStore> pskStoresForAas = new ArrayList<>();
    private Stores stores;
    private ServerPki pki;
    private boolean firstStart;
    private String demoTenantId;
    private SimulatedNetwork network;
    private ConnectivityProviders connectivity = ConnectivityProviders.none();
    private ManagementServerNode usimNode;
    private ManagementServerNode applicationNode;
    private ActivationService activation;
    private UsimManagementService usim;
    private ApplicationManagementService applications;
    private JobEngine jobEngine;
    private ApiServer api;

    DmServer(ServerConfig config, DmServerBuilder options) {
        this.config = config;
        this.dataDirectory = new DataDirectory(config.dataDir());
        try {
            startAll(options);
        } catch (RuntimeException | Error e) {
            close();
            if (e instanceof StartupException) {
                throw e;
            }
            throw new StartupException("dm-server failed to start: " + e, e);
        }
    }

    /** A builder for a server with this configuration. */
    public static DmServerBuilder builder(ServerConfig config) {
        return new DmServerBuilder(config);
    }

    /** Starts a server with this configuration and defaults for everything else. */
    public static DmServer start(ServerConfig config) {
        return builder(config).start();
    }

    private void startAll(DmServerBuilder options) {
        Clock clock = options.clock();
        dataDirectory.prepare();
        openStores(clock);
        boolean initialized = dataDirectory.isInitialized();
        firstStart = !initialized;
        char[] passphrase = dataDirectory.passphrase(config.pkiPassphrase(), !initialized);
        if (ServerPki.exists(dataDirectory.pki())) {
            pki = ServerPki.load(dataDirectory.pki(), passphrase);
        } else if (initialized) {
            throw new StartupException("the data directory is damaged: " + dataDirectory.pki()
                    + " is missing although the directory was initialized");
        } else {
            pki = ServerPki.create(dataDirectory.pki(), passphrase);
        }
        java.util.Arrays.fill(passphrase, '\0');
        demoTenant(initialized);

        InetAddress lwm2mAddress = address(config.lwm2mHost());
        List<ObjectModel> models = Models.all();

        if (config.runs(Role.CONNECTIVITY)) {
            if (options.network() != null) {
                network = options.network();
            } else {
                SimulatedNetwork.Builder nb = SimulatedNetwork.builder().dataDirectory(dataDirectory.network());
                for (ServerConfig.Operator op : config.operators()) {
                    nb.operator(Plmn.parse(op.plmn()), op.name());
                }
                network = nb.build();
                started.push(network);
            }
            connectivity = NetworkSimConnectivity.forAll(network);
        }

        // read by the nodes' PSK lookups on DTLS threads, filled just below once the nodes know their URIs
        Set<String> usimServerIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Set<String> applicationServerIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        if (config.runs(Role.USIM) && config.runs(Role.APPLICATION)) {
            usimNode = node("lwm2m", EnumSet.allOf(ServerRole.class), lwm2mAddress, config.usimCoapPort(),
                    config.usimCoapsPort(), models, () -> usimServerIds);
            applicationNode = usimNode;
        } else if (config.runs(Role.USIM)) {
            usimNode = node("usim", EnumSet.of(ServerRole.USIM), lwm2mAddress, config.usimCoapPort(),
                    config.usimCoapsPort(), models, () -> usimServerIds);
        } else if (config.runs(Role.APPLICATION)) {
            applicationNode = node("application", EnumSet.of(ServerRole.APPLICATION), lwm2mAddress,
                    config.applicationCoapPort(), config.applicationCoapsPort(), models, () -> applicationServerIds);
        }
        if (usimNode != null || applicationNode != null) {
            directory.recordRegistrations(stores.devices(), stores.audit());
        }
        registerEmbeddedServers(usimServerIds, applicationServerIds);
        if (!initialized) {
            demoActivationEntry();
        }

        if (usimNode != null) {
            usim = UsimManagementService.builder().directory(directory)
                    .sealer(sealer(pki.usimServer(), clock)).usimCredentialStore(stores.usimCredentials())
                    .deviceStore(stores.devices()).auditLog(stores.audit()).clock(clock)
                    .followTimeout(config.usimFollowTimeout()).build();
        }
        if (applicationNode != null) {
            applications = ApplicationManagementService.builder().directory(directory)
                    .sealer(sealer(pki.applicationServer(), clock)).appParameterSetStore(stores.appParameters())
                    .deviceStore(stores.devices()).auditLog(stores.audit()).clock(clock).models(models).build();
        }

        if (config.runs(Role.AAS)) {
            List<DeviceCredentialSecurityStore> pskStores = List.copyOf(pskStoresForAas);
            activation = ActivationService.builder().address(lwm2mAddress).port(config.bootstrapPort())
                    .manufacturerCas(List.of(pki.manufacturerCa().certificate()))
                    .defaultTrustAnchors(List.of(pki.provisioningRoot().certificate()))
                    .serverIdentity(pki.activationServer()).models(models)
                    .deviceStore(stores.devices()).activationEntryStore(stores.activationEntries())
                    .managementServerStore(stores.managementServers())
                    .deviceCredentialStore(stores.deviceCredentials()).auditLog(stores.audit())
                    .onCredentialsChanged(endpoint -> pskStores.forEach(s -> s.invalidate(endpoint)))
                    .registrationLifetime(config.registrationLifetimeSeconds())
                    .build();
            startLwm2m("AAS (bootstrap server)", config.bootstrapPort(), activation::start);
            started.push(activation);
            publishAasInDns();
        }

        if (config.runs(Role.JOBS)) {
            List<JobHandler> handlers = new ArrayList<>();
            if (usim != null) {
                handlers.add(usim.installAndSwitchHandler());
            }
            if (applications != null) {
                handlers.addAll(applications.handlers());
            }
            jobEngine = JobEngine.builder().jobStore(stores.jobs()).auditLog(stores.audit()).clock(clock)
                    .handlers(handlers).globalConcurrency(config.jobsConcurrency())
                    .perJobConcurrency(config.jobsPerJobConcurrency()).pollInterval(config.jobsPollInterval())
                    .maxAttempts(config.jobsMaxAttempts())
                    .backoff(config.jobsInitialBackoff(), config.jobsMaxBackoff())
                    .build();
            jobEngine.listenTo(directory, stores.devices());
            jobEngine.start();
            started.push(jobEngine);
        }

        if (config.runs(Role.API)) {
            JobEngine engine = jobEngine;
            OperatorApi operatorApi = OperatorApi.over(stores).clock(clock).operatorPlmn(config.operatorPlmn())
                    .connectivity(connectivity).initialFilter(initialFilter())
                    .registrations(this::registrations)
                    .onJobCreated(engine == null ? () -> { } : engine::pollSoon)
                    .aasTrigger(activation == null || network == null ? null
                            : new OtaTrigger(connectivity, activation::address, stores.audit(), clock))
                    .build();
            api = new ApiServer(config.httpHost(), config.httpPort(), config.maxBodyBytes(), operatorApi.routes(),
                    operatorApi.tokenVerifier());
            api.start();
            started.push(api);
        }
        if (!initialized) {
            dataDirectory.markInitialized();
        }
    }

    private void openStores(Clock clock) {
        stores = openStores(config, dataDirectory, clock);
        started.push(stores);
    }

    /** The configured database and the master key of the data directory; failures are StartupExceptions. */
    static Stores openStores(ServerConfig config, DataDirectory dataDirectory, Clock clock) {
        DatabaseConfig db;
        if (config.jdbcUrl() == null) {
            DatabaseConfig embedded = DatabaseConfig.embedded(dataDirectory.root());
            db = new DatabaseConfig(embedded.jdbcUrl(), embedded.user(), embedded.password(), config.dbPoolSize());
        } else {
            db = new DatabaseConfig(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), config.dbPoolSize());
        }
        Path keyFile = Stores.masterKeyFile(dataDirectory.root());
        SecretCipher cipher;
        try {
            cipher = SecretCipher.load(keyFile);
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new StartupException("the data directory is damaged: the master key file " + keyFile
                    + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            return Stores.open(db, cipher, clock);
        } catch (DatabaseOpenException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private void demoTenant(boolean initialized) {
        Optional<Tenant> existing = stores.tenants().findByName(config.demoTenant());
        if (existing.isPresent()) {
            demoTenantId = existing.get().id();
            if (initialized) {
                return;
            }
        }
        if (initialized) {
            return;
        }
        Tenant tenant = existing.orElseGet(() -> stores.tenants().create(config.demoTenant()));
        demoTenantId = tenant.id();
        String token = stores.tenants().issueToken(tenant.id(), "first-start");
        Path file = dataDirectory.apiTokenFile();
        try {
            Files.deleteIfExists(file);
            DataDirectory.writeSecretFile(file, token + "\n");
        } catch (IOException e) {
            throw new StartupException("cannot write the API token file " + file + ": " + e.getMessage(), e);
        }
        LOG.info("first start: created tenant '{}' and wrote its API token to {}", tenant.name(), file);
    }

    private ManagementServerNode node(String name, Set<ServerRole> roles, InetAddress address, int coapPort, int coapsPort,
                                      List<ObjectModel> models, java.util.function.Supplier<Set<String>> serverIds) {
        DeviceCredentialSecurityStore psk = new DeviceCredentialSecurityStore(stores.deviceCredentials(), serverIds);
        pskStoresForAas.add(psk);
        ManagementServerNode node = ManagementServerNode.builder().name(name).roles(roles)
                .address(address).coapPort(coapPort).coapsPort(coapsPort).models(models).securityStore(psk).build();
        startLwm2m(roles.contains(ServerRole.USIM) ? "USIM management server" : "application management server",
                coapsPort > 0 ? coapsPort : coapPort, node::start);
        started.push(node);
        directory.add(node);
        return node;
    }

    private void startLwm2m(String what, int port, Runnable start) {
        if (port > 0) {
            // Leshan reports a taken port only as "none of the endpoints could be started": probe it first
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket(
                    new InetSocketAddress(address(config.lwm2mHost()), port))) {
                probe.getLocalPort();
            } catch (java.net.SocketException e) {
                throw new StartupException("the " + what + " cannot bind UDP port " + config.lwm2mHost() + ":" + port
                        + ": it is already in use (choose another port in the configuration)", e);
            }
        }
        try {
            start.run();
        } catch (RuntimeException e) {
            if (isBindFailure(e)) {
                throw new StartupException("the " + what + " cannot bind UDP port " + port
                        + ": it is already in use (choose another port in the configuration)", e);
            }
            throw new StartupException("the " + what + " failed to start: " + e.getMessage(), e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof java.net.BindException || m.contains("Address already in use")
                    || m.contains("endpoints could be started")) {
                return true;
            }
        }
        return false;
    }

    /** Every tenant gets rows for this process's own management servers, pointing at their current URIs. */
    private void registerEmbeddedServers(Set<String> usimIds, Set<String> applicationIds) {
        for (Tenant tenant : stores.tenants().list()) {
            if (usimNode != null && usimNode == applicationNode) {
                Optional<String> id = ensureServer(tenant, EMBEDDED_SERVER, ManagementServerRole.BOTH,
                        EMBEDDED_USIM_SHORT_ID, usimNode, pki.usimServer());
                id.ifPresent(usimIds::add);
                continue;
            }
            if (usimNode != null) {
                ensureServer(tenant, EMBEDDED_USIM_SERVER, ManagementServerRole.USIM, EMBEDDED_USIM_SHORT_ID,
                        usimNode, pki.usimServer()).ifPresent(usimIds::add);
            }
            if (applicationNode != null) {
                ensureServer(tenant, EMBEDDED_APPLICATION_SERVER, ManagementServerRole.APPLICATION,
                        EMBEDDED_APPLICATION_SHORT_ID, applicationNode, pki.applicationServer())
                        .ifPresent(applicationIds::add);
            }
        }
    }

    /**
     * First start: devices of the demo tenant labelled {@value #DEMO_LABEL} are sent to this process's own
     * management server, trusting every signer role, so a fresh installation works end to end.
     */
    private void demoActivationEntry() {
        if (demoTenantId == null || usimNode == null || usimNode != applicationNode) {
            return;
        }
        stores.managementServers().findByName(demoTenantId, EMBEDDED_SERVER).ifPresent(server -> {
            Set<String> roles = new LinkedHashSet<>();
            for (org.m2mdm.envelope.trust.SignerRole r : org.m2mdm.envelope.trust.SignerRole.values()) {
                roles.add(r.name());
            }
            try {
                stores.activationEntries().create(demoTenantId,
                        NewActivationEntry.forLabel(DEMO_LABEL, server.id(), server.id(), roles));
            } catch (DuplicateKeyException e) {
                LOG.debug("demo activation entry exists already");
            }
        });
    }

    private Optional<String> ensureServer(Tenant tenant, String name, ManagementServerRole role, int shortId,
                                          ManagementServerNode node, ServerIdentity identity) {
        URI uri = node.coapsUri() != null ? node.coapsUri() : node.coapUri();
        String pem = Pem.encodeCertificates(identity.certificateChain());
        Optional<ManagementServer> existing = stores.managementServers().findByName(tenant.id(), name);
        if (existing.isPresent()) {
            stores.managementServers().update(tenant.id(), existing.get().id(), uri.toString(), pem);
            return Optional.of(existing.get().id());
        }
        try {
            return Optional.of(stores.managementServers().create(tenant.id(),
                    new NewManagementServer(name, role, uri.toString(), shortId, pem)).id());
        } catch (DuplicateKeyException e) {
            LOG.warn("tenant {} already uses short server id {}; the embedded {} server is not registered for it",
                    tenant.name(), shortId, role);
            return Optional.empty();
        }
    }

    private void publishAasInDns() {
        if (network == null) {
            return;
        }
        InetSocketAddress aas = aasSocketAddress();
        for (ConnectivityProvider provider : connectivity.all()) {
            provider.putDnsRecord(config.aasDnsName(), aas);
        }
    }

    private InetSocketAddress aasSocketAddress() {
        URI uri = activation.coapsUri();
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    /** AAS and management servers only: what a new subscription may reach before it is fully provisioned. */
    private String initialFilter() {
        List<String> allowed = new ArrayList<>();
        if (activation != null) {
            allowed.add(hostPort(activation.coapsUri()));
        }
        for (ManagementServerNode node : new ManagementServerNode[] {usimNode, applicationNode}) {
            if (node != null) {
                if (node.coapsUri() != null) {
                    allowed.add(hostPort(node.coapsUri()));
                }
                if (node.coapUri() != null) {
                    allowed.add(hostPort(node.coapUri()));
                }
            }
        }
        return allowed.isEmpty() ? "allow-all" : String.join(",", allowed);
    }

    private static String hostPort(URI uri) {
        String host = uri.getHost();
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + uri.getPort();
    }

    private List<RegistrationLookup.Registration> registrations(String endpoint) {
        return directory.states(endpoint).stream().map(s -> new RegistrationLookup.Registration(s.role().name(),
                s.serverName(), s.registeredAt(), s.lastUpdate(), s.queueMode(), s.lifetimeSeconds())).toList();
    }

    private static EnvelopeSealer sealer(ServerIdentity identity, Clock clock) {
        return EnvelopeSealer.builder().signingKey(identity.keyPair().getPrivate())
                .certificateChain(identity.certificateChain()).clock(clock).build();
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new StartupException("lwm2m.host '" + host + "' is not a valid address", e);
        }
    }

    // ---- what a running server offers ----

    public ServerConfig config() {
        return config;
    }

    public DataDirectory dataDirectory() {
        return dataDirectory;
    }

    public Stores stores() {
        return stores;
    }

    public ServerPki pki() {
        return pki;
    }

    /** True if this start created the data directory's tenant, token, and PKI. */
    public boolean isFirstStart() {
        return firstStart;
    }

    /** The demo tenant's id (null if it was not created here). */
    public String demoTenantId() {
        return demoTenantId;
    }

    /** The file holding the first API token (written on the first start, mode 0600). */
    public Path apiTokenFile() {
        return dataDirectory.apiTokenFile();
    }

    public Optional<URI> httpUri() {
        return Optional.ofNullable(api).map(ApiServer::uri);
    }

    public Optional<URI> bootstrapUri() {
        return Optional.ofNullable(activation).map(ActivationService::coapsUri);
    }

    public Optional<URI> usimServerUri() {
        return Optional.ofNullable(usimNode).map(n -> n.coapsUri() != null ? n.coapsUri() : n.coapUri());
    }

    public Optional<URI> applicationServerUri() {
        return Optional.ofNullable(applicationNode).map(n -> n.coapsUri() != null ? n.coapsUri() : n.coapUri());
    }

    /** The embedded simulated network (terminals attach to it), if the connectivity role runs. */
    public Optional<SimulatedNetwork> network() {
        return Optional.ofNullable(network);
    }

    public ConnectivityProviders connectivity() {
        return connectivity;
    }

    public RegistrationDirectory registrations() {
        return directory;
    }

    public Optional<JobEngine> jobEngine() {
        return Optional.ofNullable(jobEngine);
    }

    public Optional<ActivationService> activationService() {
        return Optional.ofNullable(activation);
    }

    public Optional<UsimManagementService> usimService() {
        return Optional.ofNullable(usim);
    }

    public Optional<ApplicationManagementService> applicationService() {
        return Optional.ofNullable(applications);
    }

    /** Stops every role in reverse start order; safe to call twice. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
