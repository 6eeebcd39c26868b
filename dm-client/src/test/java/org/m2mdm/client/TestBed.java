package org.m2mdm.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.request.BootstrapWriteRequest;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.eclipse.leshan.server.bootstrap.BootstrapConfigStoreTaskProvider;
import org.eclipse.leshan.server.bootstrap.BootstrapTaskProvider;
import org.eclipse.leshan.server.bootstrap.InMemoryBootstrapConfigStore;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServer;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServerBuilder;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedBootstrapModelProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.security.BootstrapSecurityStoreAdapter;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.m2mdm.client.profiles.ProfileOrigin;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.client.profiles.TestProfiles;
import org.m2mdm.envelope.EnvelopeSealer;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.pki.ServerIdentity;
import org.m2mdm.envelope.trust.SignerRole;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.mo.Models;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.payload.UsimProfilePayload;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * Real servers for the terminal tests, all on 127.0.0.1 with ephemeral ports: a simulated network with
 * two operators, a Leshan bootstrap server acting as AAS over DTLS with X.509 (it also writes the
 * trust policy into 32770/0/1), a Leshan management server, and the PKI (manufacturer CA, provisioning
 * root with USIM and application management servers, and an untrusted root).
 */
final class TestBed implements AutoCloseable {
    static final Plmn OP_A = Plmn.of("001", "01");
    static final Plmn OP_B = Plmn.of("002", "02");
    static final String AAS_NAME = "aas.m2m.local";
    static final String DM_NAME = "dm.m2m.local";
    static final String DM_SECURE_NAME = "dm-secure.m2m.local";
    private static final AtomicLong ENDPOINTS = new AtomicLong(100000000000000L + (System.nanoTime() % 1000000));

    final SimulatedNetwork network;
    final CertificateAuthority manufacturer = CertificateAuthority.createRoot("Test Manufacturer CA", Duration.ofDays(30));
    final CertificateAuthority provisioning = CertificateAuthority.createRoot("Test Provisioning Root", Duration.ofDays(30));
    final CertificateAuthority rogue = CertificateAuthority.createRoot("Rogue Root", Duration.ofDays(30));
    final ServerIdentity aas = provisioning.issueServer("aas", Set.of(SignerRole.ACTIVATION));
    final ServerIdentity usimServer = provisioning.issueServer("usim-management", Set.of(SignerRole.USIM_MANAGEMENT));
    final ServerIdentity appServer = provisioning.issueServer("app-management", Set.of(SignerRole.APPLICATION_MANAGEMENT));
    final ServerIdentity rogueServer = rogue.issueServer("usim-management", Set.of(SignerRole.USIM_MANAGEMENT,
            SignerRole.APPLICATION_MANAGEMENT));
    final TrustPolicy policy = TrustPolicy.standard(List.of(provisioning.certificate()));
    final LeshanServer dm;
    /** A second management server reached over DTLS with PSK (credentials written by the AAS). */
    final LeshanServer dmSecure;
    final InMemorySecurityStore dmSecureSecurity = new InMemorySecurityStore();
    final InetSocketAddress dmSecureAddress;
    final LeshanBootstrapServer bs;
    final InMemoryBootstrapConfigStore bsConfigs = new InMemoryBootstrapConfigStore();
    final InMemorySecurityStore bsSecurity = new InMemorySecurityStore();
    final InetSocketAddress dmAddress;
    final InetSocketAddress bsAddress;
    final BlockingQueue<Registration> registrations = new LinkedBlockingQueue<>();
    private final AtomicLong sequence = new AtomicLong(1);

    TestBed() {
        network = SimulatedNetwork.builder().operator(OP_A, "Op A").operator(OP_B, "Op B").build();
        InetSocketAddress loopback0 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

        LeshanServerBuilder sb = new LeshanServerBuilder();
        sb.setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(new CoapServerProtocolProvider())
                .addEndpoint(loopback0, Protocol.COAP).build());
        sb.setObjectModelProvider(new VersionedModelProvider(Models.all()));
        sb.setSecurityStore(new InMemorySecurityStore());
        dm = sb.build();
        LeshanServerBuilder ssb = new LeshanServerBuilder();
        ssb.setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider())
                .addEndpoint(loopback0, Protocol.COAPS).build());
        ssb.setObjectModelProvider(new VersionedModelProvider(Models.all()));
        ssb.setSecurityStore(dmSecureSecurity);
        dmSecure = ssb.build();
        RegistrationListener collect = new RegistrationListener() {
            @Override
            public void registered(Registration reg, Registration previousReg, Collection<Observation> previousObservations) {
                registrations.add(reg);
            }

            @Override
            public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
            }

            @Override
            public void unregistered(Registration reg, Collection<Observation> observations, boolean expired,
                    Registration newReg) {
            }
        };
        dm.getRegistrationService().addListener(collect);
        dmSecure.getRegistrationService().addListener(collect);
        dm.start();
        dmSecure.start();
        dmSecureAddress = new InetSocketAddress("127.0.0.1", dmSecure.getEndpoint(Protocol.COAPS).getURI().getPort());
        URI dmUri = dm.getEndpoint(Protocol.COAP).getURI();
        dmAddress = new InetSocketAddress("127.0.0.1", dmUri.getPort());

        BootstrapTaskProvider configTasks = new BootstrapConfigStoreTaskProvider(bsConfigs);
        BootstrapTaskProvider withPolicy = (session, previous) -> {
            BootstrapTaskProvider.Tasks t = configTasks.getTasks(session, previous);
            if (t != null && t.last && t.requestsToSend != null) {
                List<org.eclipse.leshan.core.request.BootstrapDownlinkRequest<? extends LwM2mResponse>> l = new ArrayList<>(t.requestsToSend);
                l.add(new BootstrapWriteRequest(new LwM2mPath(ObjectIds.APPLICATION_ACTIVATION, 0, 1),
                        LwM2mSingleResource.newBinaryResource(1, policy.encode()), ContentFormat.OPAQUE));
                t.requestsToSend = l;
            }
            return t;
        };
        bs = new LeshanBootstrapServerBuilder().setTaskProvider(withPolicy)
                .setSecurityStore(new BootstrapSecurityStoreAdapter(bsSecurity))
                .setObjectModelProvider(new VersionedBootstrapModelProvider(Models.all()))
                .setPrivateKey(aas.keyPair().getPrivate())
                .setCertificateChain(aas.certificateChain().toArray(new X509Certificate[0]))
                .setTrustedCertificates(new X509Certificate[] { manufacturer.certificate() })
                .setEndpointsProviders(new CaliforniumBootstrapServerEndpointsProvider.Builder(
                        new CoapsBootstrapServerProtocolProvider()).addEndpoint(loopback0, Protocol.COAPS).build())
                .build();
        bs.start();
        bsAddress = new InetSocketAddress("127.0.0.1", bs.getEndpoint(Protocol.COAPS).getURI().getPort());
        for (Plmn p : List.of(OP_A, OP_B)) {
            network.provisioning(p).putDnsRecord(AAS_NAME, bsAddress);
            network.provisioning(p).putDnsRecord(DM_NAME, dmAddress);
            network.provisioning(p).putDnsRecord(DM_SECURE_NAME, dmSecureAddress);
        }
    }

    /** A manufactured terminal: device identity, AAS config in the BS, one active legacy profile on OP_A. */
    final class Device {
        final String endpoint = "urn:imei:" + ENDPOINTS.incrementAndGet();
        final DeviceIdentity identity = manufacturer.issueDevice(endpoint);
        final Path stateDir;
        final StoredProfile factoryProfile;
        final LeshanServer server;

        /** A legacy terminal managed by the plain-CoAP management server. */
        Device(Path dir) throws Exception {
            this(dir, Optional.empty(), false);
        }

        /**
         * @param ku synthetic credentials only (no factory profile) if present
         * @param pskManagement the AAS sends it to the DTLS-PSK management server
         */
        Device(Path dir, Optional<org.m2mdm.usim.synthetic.Ku> ku, boolean pskManagement) throws Exception {
            this(dir, ku, pskManagement, "coaps://" + AAS_NAME);
        }

        /** @param aasAddress empty for a terminal that learns its AAS from an OTA SMS trigger */
        Device(Path dir, Optional<org.m2mdm.usim.synthetic.Ku> ku, boolean pskManagement, String aasAddress)
                throws Exception {
            this.stateDir = dir.resolve("terminal");
            this.server = pskManagement ? dmSecure : dm;
            List<StoredProfile> profiles = List.of();
            if (ku.isEmpty()) {
                UsimCredentials c = TestProfiles.credentials(OP_A);
                // Initially the subscription may reach only the AAS and the management servers.
                network.provisioning(OP_A).createSubscription(c, SubscriptionState.ACTIVE,
                        DestinationFilter.only(bsAddress, dmAddress, dmSecureAddress));
                factoryProfile = TestProfiles.profile(0, c, OP_A, ProfileOrigin.MANUFACTURE);
                profiles = List.of(factoryProfile);
            } else {
                factoryProfile = null;
            }
            TerminalIdentity id = new TerminalIdentity(endpoint, identity.keyPair().getPrivate(),
                    identity.certificateChain(), aasAddress, Optional.of(aas.certificate()),
                    ku, policy, "m2m-dm tests", "T1", endpoint);
            StateDirectory.manufacture(stateDir, id, profiles, Optional.empty());
            register(endpoint, pskManagement);
        }
        TerminalBuilder terminal() {
            return Terminal.builder().stateDirectory(stateDir).network(network).ackTimeout(Duration.ofMillis(500), 2)
                    .requestTimeout(Duration.ofSeconds(5)).retryInterval(Duration.ofSeconds(1))
                    .rollbackTimeout(Duration.ofSeconds(6)).bootstrapSessionTimeout(Duration.ofSeconds(10));
        }

        Registration awaitRegistration(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Registration r = registrations.poll(100, TimeUnit.MILLISECONDS);
                if (r != null && r.getEndpoint().equals(endpoint)) {
                    return r;
                }
            }
            throw new AssertionError("no registration of " + endpoint + " within " + timeout);
        }

        Registration registration() {
            return server.getRegistrationService().getByEndpoint(endpoint);
        }

        <T extends LwM2mResponse> T send(DownlinkRequest<T> request) throws InterruptedException {
            T r = server.send(registration(), request, 5000);
            if (r == null) {
                throw new AssertionError("timeout for " + request);
            }
            return r;
        }

        byte[] seal(ServerIdentity signer, PayloadType type, byte[] payload) {
            return EnvelopeSealer.builder().signingKey(signer.keyPair().getPrivate())
                    .certificateChain(signer.certificateChain()).build()
                    .seal(payload, type, identity.certificate(), sequence.incrementAndGet(), Duration.ofMinutes(10));
        }
    }

    /** Tells the AAS about {@code endpoint}: X.509 identity and a bootstrap config naming the DM server. */
    void register(String endpoint) throws Exception {
        register(endpoint, false);
    }

    void register(String endpoint, boolean psk) throws Exception {
        bsSecurity.add(SecurityInfo.newX509CertInfo(endpoint));
        BootstrapConfig cfg = new BootstrapConfig();
        cfg.toDelete = List.of("/0", "/1");
        BootstrapConfig.ServerSecurity dmSec = new BootstrapConfig.ServerSecurity();
        if (psk) {
            byte[] key = new byte[16];
            new java.security.SecureRandom().nextBytes(key);
            String identity = "psk-" + endpoint;
            dmSecureSecurity.add(SecurityInfo.newPreSharedKeyInfo(endpoint, identity, key));
            dmSec.uri = "coaps://" + DM_SECURE_NAME;
            dmSec.securityMode = SecurityMode.PSK;
            dmSec.publicKeyOrId = identity.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            dmSec.secretKey = key;
        } else {
            dmSec.uri = "coap://" + DM_NAME + ":" + dmAddress.getPort();
            dmSec.securityMode = SecurityMode.NO_SEC;
        }
        dmSec.serverId = 123;
        cfg.security.put(1, dmSec);
        BootstrapConfig.ServerConfig server = new BootstrapConfig.ServerConfig();
        server.shortId = 123;
        server.lifetime = 60;
        server.defaultMinPeriod = null; // notify state changes at once (no pmin), tests observe them
        cfg.servers.put(0, server);
        bsConfigs.add(endpoint, cfg);
    }

    /** A new profile for {@code plmn} whose subscription is active with an allow-all filter. */
    UsimProfilePayload newProfile(Plmn plmn, boolean fallback) {
        UsimCredentials c = TestProfiles.credentials(plmn);
        network.provisioning(plmn).createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
        return payload(c, plmn, fallback);
    }

    static UsimProfilePayload payload(UsimCredentials c, Plmn plmn, boolean fallback) {
        return UsimProfilePayload.builder().imsi(c.imsi().digits(), c.imsi().mncLength()).iccid(c.iccid().digits())
                .k(c.k().bytes()).opc(c.opc().bytes()).amf(c.amf().bytes()).operatorPlmn(plmn.toString())
                .operatorName("Operator " + plmn).profileName("ops-" + plmn).fallback(fallback).build();
    }

    @Override
    public void close() {
        bs.destroy();
        dm.destroy();
        dmSecure.destroy();
        network.close();
    }
}
