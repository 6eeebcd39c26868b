package org.m2mdm.server.activation;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.eclipse.leshan.server.bootstrap.BootstrapConfigStore;
import org.eclipse.leshan.server.bootstrap.BootstrapSession;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.envelope.trust.SignerRole;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.server.store.ActivationEntry;
import org.m2mdm.server.store.ActivationEntryStore;
import org.m2mdm.server.store.AuditEvent;
import org.m2mdm.server.store.AuditLog;
import org.m2mdm.server.store.Device;
import org.m2mdm.server.store.DeviceCredentialStore;
import org.m2mdm.server.store.DeviceStore;
import org.m2mdm.server.store.ManagementServer;
import org.m2mdm.server.store.ManagementServerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AAS's bootstrap configuration, built from the database on every Bootstrap-Request: the device's activation
 * entry (its own, else its label's) says which USIM and which application management server it gets; for each a
 * fresh PSK is generated, stored (encrypted) through {@link DeviceCredentialStore}, and written into the device's
 * Security object together with a Server object. The trust policy for envelopes (anchors + accepted roles) goes
 * into the Application Activation object (see {@link #plan(String)}).
 */
public final class DatabaseBootstrapConfigStore implements BootstrapConfigStore {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBootstrapConfigStore.class);
    private static final int PSK_BYTES = 32;

    private final DeviceStore devices;
    private final ActivationEntryStore entries;
    private final ManagementServerStore servers;
    private final DeviceCredentialStore credentials;
    private final AuditLog audit;
    private final List<X509Certificate> defaultAnchors;
    private final Supplier<String> aasAddress;
    private final Consumer<String> credentialsChanged;
    private final int lifetimeSeconds;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param defaultAnchors provisioning roots used when an entry names no anchors of its own
     * @param aasAddress the AAS address written into the Application Activation object
     * @param credentialsChanged told the endpoint whose PSKs were just replaced (LwM2M servers drop their cache)
     * @param lifetimeSeconds registration lifetime given to the devices
     */
    public DatabaseBootstrapConfigStore(DeviceStore devices, ActivationEntryStore entries,
            ManagementServerStore servers, DeviceCredentialStore credentials, AuditLog audit,
            List<X509Certificate> defaultAnchors, Supplier<String> aasAddress, Consumer<String> credentialsChanged,
            int lifetimeSeconds) {
        this.devices = Objects.requireNonNull(devices);
        this.entries = Objects.requireNonNull(entries);
        this.servers = Objects.requireNonNull(servers);
        this.credentials = Objects.requireNonNull(credentials);
        this.audit = Objects.requireNonNull(audit);
        this.defaultAnchors = List.copyOf(defaultAnchors);
        this.aasAddress = Objects.requireNonNull(aasAddress);
        this.credentialsChanged = credentialsChanged == null ? ep -> {
        } : credentialsChanged;
        if (lifetimeSeconds < 1) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        this.lifetimeSeconds = lifetimeSeconds;
    }

    @Override
    public BootstrapConfig get(BootstrapSession session) {
        return plan(session.getEndpoint()).map(ActivationPlan::config).orElse(null);
    }

    /**
     * Builds the plan for a device, generating and storing its new PSKs; empty (and audited) if the device is
     * unknown, has no activation entry, or its entry names no usable server.
     */
    public Optional<ActivationPlan> plan(String endpoint) {
        Optional<Device> found = devices.locate(endpoint);
        if (found.isEmpty()) {
            refuse(null, endpoint, "unknown device");
            return Optional.empty();
        }
        Device device = found.get();
        Optional<ActivationEntry> entry = entries.resolve(device.tenantId(), device.id(), device.labels());
        if (entry.isEmpty()) {
            refuse(device.tenantId(), endpoint, "no activation entry for the device or its labels");
            return Optional.empty();
        }
        ActivationEntry e = entry.get();
        // one Security/Server instance per distinct server: a BOTH server given for both roles appears once
        Map<String, ManagementServer> given = new LinkedHashMap<>();
        for (String id : new String[] { e.usimServerId(), e.applicationServerId() }) {
            if (id == null || given.containsKey(id)) {
                continue;
            }
            Optional<ManagementServer> s = servers.find(device.tenantId(), id);
            if (s.isEmpty()) {
                refuse(device.tenantId(), endpoint, "activation entry " + e.id() + " names unknown server " + id);
                return Optional.empty();
            }
            given.put(id, s.get());
        }
        if (given.isEmpty()) {
            refuse(device.tenantId(), endpoint, "activation entry " + e.id() + " names no management server");
            return Optional.empty();
        }
        TrustPolicy policy;
        try {
            policy = trustPolicy(e);
        } catch (RuntimeException ex) {
            refuse(device.tenantId(), endpoint, "activation entry " + e.id() + " has an unusable trust policy: "
                    + ex.getMessage());
            return Optional.empty();
        }

        BootstrapConfig cfg = new BootstrapConfig();
        // Deleting /0 keeps the bootstrap account (LwM2M 1.1 §5.2.7.5); /1 goes completely
        cfg.toDelete = new ArrayList<>(List.of("/0", "/1"));
        int instance = 1;
        for (ManagementServer s : given.values()) {
            String scheme = scheme(s.uri());
            if (!"coaps".equals(scheme) && !"coap".equals(scheme)) {
                refuse(device.tenantId(), endpoint, "management server " + s.name() + " has no coap(s):// URI: "
                        + s.uri());
                return Optional.empty();
            }
            BootstrapConfig.ServerSecurity sec = new BootstrapConfig.ServerSecurity();
            sec.uri = s.uri();
            sec.bootstrapServer = false;
            sec.serverId = s.shortServerId();
            if ("coaps".equals(scheme)) {
                byte[] key = new byte[PSK_BYTES];
                random.nextBytes(key);
                String identity = endpoint + "@" + s.id();
                credentials.put(device.tenantId(), device.id(), s.id(), identity, key);
                sec.securityMode = SecurityMode.PSK;
                sec.publicKeyOrId = identity.getBytes(StandardCharsets.UTF_8);
                sec.secretKey = key;
            } else {
                // plain CoAP (test/lab set-ups only): nothing to protect the session, envelopes still protect payloads
                sec.securityMode = SecurityMode.NO_SEC;
            }
            cfg.security.put(instance, sec);

            BootstrapConfig.ServerConfig srv = new BootstrapConfig.ServerConfig();
            srv.shortId = s.shortServerId();
            srv.lifetime = lifetimeSeconds;
            srv.binding = EnumSet.of(BindingMode.U);
            srv.notifIfDisabled = true;
            cfg.servers.put(instance - 1, srv);
            instance++;
        }
        credentialsChanged.accept(endpoint);
        audit(device.tenantId(), endpoint, "OK", "bootstrap config: servers " + given.keySet() + ", entry " + e.id());
        return Optional.of(new ActivationPlan(endpoint, device.tenantId(), device.id(), cfg, aasAddress.get(), policy));
    }

    private static String scheme(String uri) {
        try {
            String sc = java.net.URI.create(uri).getScheme();
            return sc == null ? null : sc.toLowerCase(java.util.Locale.ROOT);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private TrustPolicy trustPolicy(ActivationEntry e) {
        List<X509Certificate> anchors = e.trustAnchorsPem() == null || e.trustAnchorsPem().isBlank()
                ? defaultAnchors : Pem.decodeCertificates(e.trustAnchorsPem());
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("no trust anchors");
        }
        if (e.trustedRoles().isEmpty()) {
            return TrustPolicy.standard(anchors);
        }
        TrustPolicy.Builder b = TrustPolicy.builder().anchors(anchors);
        for (String name : e.trustedRoles()) {
            SignerRole role = SignerRole.valueOf(name);
            b.allow(role, standardPayloads(role));
        }
        return b.build();
    }

    /** The payload types the standard policy lets a role sign. */
    static PayloadType[] standardPayloads(SignerRole role) {
        return switch (role) {
        case USIM_MANAGEMENT -> new PayloadType[] { PayloadType.USIM_PROFILE };
        case APPLICATION_MANAGEMENT -> new PayloadType[] { PayloadType.APP_PARAMS };
        case ACTIVATION -> new PayloadType[] { PayloadType.TRUST_POLICY };
        case SOFTWARE_PUBLISHER -> new PayloadType[] { PayloadType.SOFTWARE };
        };
    }

    private void refuse(String tenantId, String endpoint, String reason) {
        LOG.info("no bootstrap config for {}: {}", endpoint, reason);
        audit(tenantId, endpoint, "REJECTED", reason);
    }

    private void audit(String tenantId, String endpoint, String outcome, String detail) {
        try {
            audit.record(new AuditEvent("aas", tenantId, "aas.bootstrap.config", endpoint, outcome, detail,
                    Instant.now()));
        } catch (RuntimeException ex) {
            LOG.warn("audit failed: {}", ex.toString());
        }
    }
}
