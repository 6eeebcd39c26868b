package org.m2mdm.conformance;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.eclipse.leshan.server.bootstrap.InMemoryBootstrapConfigStore;
import org.eclipse.leshan.server.bootstrap.InvalidConfigurationException;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServer;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServerBuilder;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coap.CoapBootstrapServerProtocolProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedBootstrapModelProvider;
import org.eclipse.leshan.server.security.BootstrapSecurityStoreAdapter;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.m2mdm.envelope.pki.ServerIdentity;
import org.m2mdm.mo.Models;

/**
 * A minimal bootstrap server for clients that only register where a bootstrap server sends them
 * (dm-client does: its AAS names the management server). For each configured endpoint it deletes
 * /0 and /1 and writes one Security and Server instance pointing at the conformance server — over
 * CoAPS with a pre-shared key, or plain CoAP. It listens on 127.0.0.1, either over DTLS with an
 * X.509 server identity (clients authenticated by a device root) or over plain CoAP.
 */
public final class ConformanceBootstrap implements AutoCloseable {
    /** The short server id given to the conformance server in the client's Server object. */
    public static final int SHORT_SERVER_ID = 7;

    private final LeshanBootstrapServer server;
    private final InMemoryBootstrapConfigStore configs = new InMemoryBootstrapConfigStore();
    private final InMemorySecurityStore security = new InMemorySecurityStore();
    private final Protocol protocol;

    private ConformanceBootstrap(int port, ServerIdentity identity, List<X509Certificate> deviceRoots) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        LeshanBootstrapServerBuilder b = new LeshanBootstrapServerBuilder().setConfigStore(configs)
                .setSecurityStore(new BootstrapSecurityStoreAdapter(security))
                .setObjectModelProvider(new VersionedBootstrapModelProvider(Models.all()));
        if (identity == null) {
            protocol = Protocol.COAP;
            b.setEndpointsProviders(new CaliforniumBootstrapServerEndpointsProvider.Builder(
                    new CoapBootstrapServerProtocolProvider()).addEndpoint(address, Protocol.COAP).build());
        } else {
            protocol = Protocol.COAPS;
            b.setPrivateKey(identity.keyPair().getPrivate())
                    .setCertificateChain(identity.certificateChain().toArray(new X509Certificate[0]))
                    .setTrustedCertificates(deviceRoots.toArray(new X509Certificate[0]))
                    .setEndpointsProviders(new CaliforniumBootstrapServerEndpointsProvider.Builder(
                            new CoapsBootstrapServerProtocolProvider()).addEndpoint(address, Protocol.COAPS).build());
        }
        server = b.build();
    }

    /** A plain-CoAP bootstrap server on 127.0.0.1:{@code port} (0 = ephemeral); for test set-ups only. */
    public static ConformanceBootstrap plain(int port) {
        ConformanceBootstrap bs = new ConformanceBootstrap(port, null, List.of());
        bs.server.start();
        return bs;
    }

    /**
     * A DTLS bootstrap server on an ephemeral port of 127.0.0.1 presenting {@code identity}; clients
     * authenticate with device certificates issued under {@code deviceRoots}.
     */
    public static ConformanceBootstrap x509(ServerIdentity identity, List<X509Certificate> deviceRoots) {
        Objects.requireNonNull(identity, "identity");
        ConformanceBootstrap bs = new ConformanceBootstrap(0, identity, List.copyOf(deviceRoots));
        bs.server.start();
        return bs;
    }

    /** The bootstrap server's URI with its real port. */
    public URI uri() {
        return server.getEndpoint(protocol).getURI();
    }

    /** Sends {@code endpoint} to the conformance server's plain CoAP endpoint. */
    public void sendToCoap(String endpoint, URI coapUri, long lifetimeSeconds) {
        BootstrapConfig.ServerSecurity dm = new BootstrapConfig.ServerSecurity();
        dm.uri = coapUri.toString();
        dm.securityMode = SecurityMode.NO_SEC;
        add(endpoint, dm, lifetimeSeconds);
    }

    /** Sends {@code endpoint} to the conformance server's CoAPS endpoint with a pre-shared key. */
    public void sendToCoaps(String endpoint, URI coapsUri, String pskIdentity, byte[] pskKey, long lifetimeSeconds) {
        BootstrapConfig.ServerSecurity dm = new BootstrapConfig.ServerSecurity();
        dm.uri = coapsUri.toString();
        dm.securityMode = SecurityMode.PSK;
        dm.publicKeyOrId = pskIdentity.getBytes(StandardCharsets.UTF_8);
        dm.secretKey = pskKey.clone();
        add(endpoint, dm, lifetimeSeconds);
    }

    private void add(String endpoint, BootstrapConfig.ServerSecurity dm, long lifetimeSeconds) {
        dm.serverId = SHORT_SERVER_ID;
        BootstrapConfig cfg = new BootstrapConfig();
        cfg.toDelete = List.of("/0", "/1");
        cfg.security.put(1, dm);
        BootstrapConfig.ServerConfig s = new BootstrapConfig.ServerConfig();
        s.shortId = SHORT_SERVER_ID;
        s.lifetime = (int) lifetimeSeconds;
        cfg.servers.put(0, s);
        try {
            if (protocol == Protocol.COAPS) {
                security.add(SecurityInfo.newX509CertInfo(endpoint));
            }
            configs.add(endpoint, cfg);
        } catch (InvalidConfigurationException | NonUniqueSecurityInfoException e) {
            throw new IllegalArgumentException("cannot configure bootstrap for " + endpoint + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.destroy();
    }
}
