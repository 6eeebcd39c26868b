package org.m2mdm.server.activation;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.server.bootstrap.BootstrapFailureCause;
import org.eclipse.leshan.server.bootstrap.BootstrapSession;
import org.eclipse.leshan.server.bootstrap.BootstrapSessionAdapter;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServer;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServerBuilder;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coap.CoapBootstrapServerProtocolProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerEndpointFactoryBuilder;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedBootstrapModelProvider;
import org.eclipse.leshan.server.security.BootstrapSecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.m2mdm.envelope.pki.ServerIdentity;
import org.m2mdm.server.store.ActivationEntryStore;
import org.m2mdm.server.store.AuditEvent;
import org.m2mdm.server.store.AuditLog;
import org.m2mdm.server.store.DeviceCredentialStore;
import org.m2mdm.server.store.DeviceState;
import org.m2mdm.server.store.DeviceStore;
import org.m2mdm.server.store.ManagementServerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application activation service (AAS): a Leshan bootstrap server on a CoAPS endpoint. Devices authenticate with
 * their X.509 device certificate, which must chain to a manufacturer CA and belong to a known, non-revoked device
 * whose endpoint is the certificate's CN. Their configuration comes from the database through
 * {@link DatabaseBootstrapConfigStore}: per-device PSKs for the management servers named by the device's activation
 * entry and the trust policy for envelopes in the Application Activation object.
 */
public final class ActivationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActivationService.class);

    private final LeshanBootstrapServer server;
    private final DatabaseBootstrapConfigStore configStore;
    private final String advertisedAddress;
    private final AtomicReference<String> boundAddress = new AtomicReference<>();

    private ActivationService(Builder b) {
        this.advertisedAddress = b.advertisedAddress;
        Objects.requireNonNull(b.identity, "serverIdentity");
        if (b.manufacturerCas.isEmpty()) {
            throw new IllegalStateException("at least one manufacturer CA is required");
        }
        DeviceAdmission admission = new DeviceAdmission(b.devices, b.revokedSerials);
        DeviceCertificateVerifier verifier = new DeviceCertificateVerifier(b.manufacturerCas, admission, b.audit);

        CoapsBootstrapServerEndpointFactoryBuilder coaps = new CoapsBootstrapServerEndpointFactoryBuilder()
                .setURI(new InetSocketAddress(b.address, b.port))
                .setDtlsConnectorConfig(dtls -> dtls.setAdvancedCertificateVerifier(verifier)
                        .set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY)
                        // X.509 only: devices prove their identity with the manufacturer certificate
                        .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE,
                                org.eclipse.californium.elements.config.CertificateAuthenticationMode.NEEDED));
        CaliforniumBootstrapServerEndpointsProvider.Builder eb = new CaliforniumBootstrapServerEndpointsProvider.Builder(
                new CoapBootstrapServerProtocolProvider(), new CoapsBootstrapServerProtocolProvider());
        eb.addEndpoint(coaps.build());

        Consumer<String> changed = b.credentialsChanged == null ? ep -> {
        } : b.credentialsChanged;
        this.configStore = new DatabaseBootstrapConfigStore(b.devices, b.entries, b.servers, b.credentials, b.audit,
                b.defaultAnchors, this::address, changed, b.lifetimeSeconds);

        LeshanBootstrapServerBuilder lb = new LeshanBootstrapServerBuilder();
        lb.setEndpointsProviders(eb.build());
        lb.setTaskProvider(new ActivationTaskProvider(configStore));
        lb.setObjectModelProvider(new VersionedBootstrapModelProvider(b.models));
        lb.setAuthorizer(new KnownDeviceAuthorizer(b.devices));
        // the security store only makes Leshan create the CoAPS endpoint; PSK clients find nothing in it
        lb.setSecurityStore(new NoPskBootstrapSecurityStore());
        lb.setPrivateKey(jcaKey(b.identity.keyPair().getPrivate()));
        lb.setCertificateChain(b.identity.certificateChain().toArray(X509Certificate[]::new));
        this.server = lb.build();

        AuditLog audit = b.audit;
        DeviceStore devices = b.devices;
        server.addListener(new BootstrapSessionAdapter() {
            @Override
            public void unAuthorized(BootstrapRequest request, LwM2mPeer client) {
                record(audit, null, request.getEndpointName(), "aas.bootstrap", "REJECTED",
                        "not authorized: " + client.getIdentity());
            }

            @Override
            public void end(BootstrapSession session) {
                String tenant = session.getApplicationData().get("tenantId");
                String deviceId = session.getApplicationData().get("deviceId");
                if (tenant != null && deviceId != null) {
                    // conditional: a device that already registered (ACTIVE) is never moved back
                    devices.transition(tenant, deviceId, Set.of(DeviceState.PROVISIONED), DeviceState.BOOTSTRAPPED);
                }
                record(audit, tenant, session.getEndpoint(), "aas.bootstrap", "OK", "bootstrap finished");
            }

            @Override
            public void failed(BootstrapSession session, BootstrapFailureCause cause) {
                record(audit, session.getApplicationData().get("tenantId"), session.getEndpoint(), "aas.bootstrap",
                        "FAILED", "bootstrap failed: " + cause);
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    public void start() {
        server.start();
        boundAddress.set(coapsUri().toString());
        LOG.info("AAS listening on {}", coapsUri());
    }

    @Override
    public void close() {
        server.destroy();
    }

    /** The bound CoAPS endpoint (after {@link #start()}). */
    public URI coapsUri() {
        return server.getEndpoint(Protocol.COAPS).getURI();
    }

    /** The address written into devices' Application Activation object (and sent in OTA triggers). */
    public String address() {
        return advertisedAddress != null ? advertisedAddress : boundAddress.get();
    }

    /** The database-backed config store, e.g. to inspect a device's plan. */
    public DatabaseBootstrapConfigStore configStore() {
        return configStore;
    }

    private static void record(AuditLog audit, String tenant, String endpoint, String action, String outcome,
            String detail) {
        try {
            audit.record(new AuditEvent("aas", tenant, action, endpoint, outcome, detail, Instant.now()));
        } catch (RuntimeException e) {
            LOG.warn("audit failed: {}", e.toString());
        }
    }

    /** Scandium signs with the JCA; a key made by another provider is re-read as a plain JCA EC key. */
    private static PrivateKey jcaKey(PrivateKey key) {
        try {
            return KeyFactory.getInstance(key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (Exception e) {
            return key;
        }
    }

    /** A bootstrap security store without PSK/RPK entries: X.509 devices are checked by the authorizer. */
    private static final class NoPskBootstrapSecurityStore implements BootstrapSecurityStore {
        @Override
        public java.util.Iterator<SecurityInfo> getAllByEndpoint(String endpoint) {
            return java.util.Collections.emptyIterator();
        }

        @Override
        public SecurityInfo getByIdentity(String pskIdentity) {
            return null;
        }

        @Override
        public SecurityInfo getByOscoreIdentity(org.eclipse.leshan.core.peer.OscoreIdentity oscoreIdentity) {
            return null;
        }
    }

    /** AAS options; defaults: loopback, ephemeral port, registration lifetime 300 s. */
    public static final class Builder {
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port = 0;
        private String advertisedAddress;
        private List<X509Certificate> manufacturerCas = List.of();
        private List<X509Certificate> defaultAnchors = List.of();
        private Set<BigInteger> revokedSerials = Set.of();
        private ServerIdentity identity;
        private List<ObjectModel> models;
        private DeviceStore devices;
        private ActivationEntryStore entries;
        private ManagementServerStore servers;
        private DeviceCredentialStore credentials;
        private AuditLog audit;
        private Consumer<String> credentialsChanged;
        private int lifetimeSeconds = 300;

        public Builder address(InetAddress address) {
            this.address = Objects.requireNonNull(address);
            return this;
        }

        /** CoAPS port; 0 = ephemeral. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** The address devices should use for the AAS (default: the bound coaps URI). */
        public Builder advertisedAddress(String address) {
            this.advertisedAddress = address;
            return this;
        }

        /** CAs a device certificate must chain to. */
        public Builder manufacturerCas(List<X509Certificate> cas) {
            this.manufacturerCas = List.copyOf(cas);
            return this;
        }

        /** Provisioning roots written as trust anchors when an activation entry names none. */
        public Builder defaultTrustAnchors(List<X509Certificate> anchors) {
            this.defaultAnchors = List.copyOf(anchors);
            return this;
        }

        /** Serial numbers of revoked device certificates. */
        public Builder revokedSerials(Set<BigInteger> serials) {
            this.revokedSerials = Set.copyOf(serials);
            return this;
        }

        /** The AAS's own DTLS certificate and key (an ACTIVATION server identity). */
        public Builder serverIdentity(ServerIdentity identity) {
            this.identity = identity;
            return this;
        }

        public Builder models(List<ObjectModel> models) {
            this.models = List.copyOf(models);
            return this;
        }

        public Builder deviceStore(DeviceStore devices) {
            this.devices = devices;
            return this;
        }

        public Builder activationEntryStore(ActivationEntryStore entries) {
            this.entries = entries;
            return this;
        }

        public Builder managementServerStore(ManagementServerStore servers) {
            this.servers = servers;
            return this;
        }

        public Builder deviceCredentialStore(DeviceCredentialStore credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder auditLog(AuditLog audit) {
            this.audit = audit;
            return this;
        }

        /** Called with an endpoint whose PSKs were just replaced (e.g. DeviceCredentialSecurityStore::invalidate). */
        public Builder onCredentialsChanged(Consumer<String> listener) {
            this.credentialsChanged = listener;
            return this;
        }

        public Builder registrationLifetime(int seconds) {
            this.lifetimeSeconds = seconds;
            return this;
        }

        public ActivationService build() {
            Objects.requireNonNull(models, "models");
            Objects.requireNonNull(devices, "deviceStore");
            Objects.requireNonNull(entries, "activationEntryStore");
            Objects.requireNonNull(servers, "managementServerStore");
            Objects.requireNonNull(credentials, "deviceCredentialStore");
            Objects.requireNonNull(audit, "auditLog");
            return new ActivationService(this);
        }
    }
}
