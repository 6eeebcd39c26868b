package org.m2mdm.client.modem;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.leshan.client.endpoint.ClientEndpointToolbox;
import org.eclipse.leshan.client.endpoint.LwM2mClientEndpoint;
import org.eclipse.leshan.client.endpoint.LwM2mClientEndpointsProvider;
import org.eclipse.leshan.client.notification.NotificationManager;
import org.eclipse.leshan.client.request.DownlinkRequestReceiver;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.m2mdm.network.Bearer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the LwM2M client's CoAP traffic through the modem's bearer: decorates Leshan's endpoints
 * provider so that each server URI is rewritten to the bearer's relay for that destination (so the
 * network's destination filter applies). Host names (e.g. {@code aas.m2m.local}) are resolved in
 * the attached network's DNS, whose answer (address and port, SRV-like) wins over the URI's port.
 */
public final class BearerEndpointsProvider implements LwM2mClientEndpointsProvider {
    private static final Logger LOG = LoggerFactory.getLogger(BearerEndpointsProvider.class);

    private final LwM2mClientEndpointsProvider delegate;
    private final Supplier<Optional<Bearer>> bearer;
    private final java.util.Map<String, String> originals = new java.util.concurrent.ConcurrentHashMap<>();

    public BearerEndpointsProvider(LwM2mClientEndpointsProvider delegate, Supplier<Optional<Bearer>> bearer) {
        this.delegate = delegate;
        this.bearer = bearer;
    }

    @Override
    public void init(LwM2mObjectTree objectTree, DownlinkRequestReceiver requestReceiver,
            NotificationManager notificationManager, ClientEndpointToolbox toolbox) {
        delegate.init(objectTree, requestReceiver, notificationManager, toolbox);
    }

    @Override
    public LwM2mServer createEndpoint(ServerInfo serverInfo, boolean clientInitiatedOnly, List<Certificate> trustStore,
            ClientEndpointToolbox toolbox) {
        URI original = serverInfo.getFullUri();
        Optional<Bearer> b = bearer.get();
        if (b.isEmpty()) {
            LOG.warn("no bearer: cannot reach {}", original);
            return null;
        }
        Optional<InetSocketAddress> destination = destination(b.get(), original);
        if (destination.isEmpty()) {
            LOG.warn("{} does not resolve in the DNS of network {}", original.getHost(), b.get().plmn());
            return null;
        }
        InetSocketAddress relay;
        try {
            relay = b.get().relayTo(destination.get());
        } catch (IllegalStateException e) {
            LOG.warn("bearer closed: cannot reach {}", original);
            return null;
        }
        try {
            serverInfo.serverUri = new URI(original.getScheme(), null, relay.getAddress().getHostAddress(),
                    relay.getPort(), original.getPath(), original.getQuery(), original.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot rewrite " + original, e);
        }
        originals.put(serverInfo.serverUri.toString(), original.toString());
        LOG.info("{} server {} reached through the bearer on {} (relay {} -> {})",
                serverInfo.bootstrap ? "bootstrap" : "management", original, b.get().plmn(), relay, destination.get());
        return delegate.createEndpoint(serverInfo, clientInitiatedOnly, trustStore, toolbox);
    }

    /** The server URI as configured, for a URI rewritten to a relay (for logs). */
    public String original(String uri) {
        return originals.getOrDefault(uri, uri);
    }

    static Optional<InetSocketAddress> destination(Bearer bearer, URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return Optional.empty();
        }
        if (host.matches("[0-9.]+") || host.contains(":") || host.equals("localhost")) {
            return Optional.of(new InetSocketAddress(host.equals("localhost") ? "127.0.0.1" : host, uri.getPort()));
        }
        return bearer.resolve(host);
    }

    @Override
    public Collection<LwM2mServer> createEndpoints(Collection<? extends ServerInfo> serverInfo,
            boolean clientInitiatedOnly, List<Certificate> trustStore, ClientEndpointToolbox toolbox) {
        return delegate.createEndpoints(serverInfo, clientInitiatedOnly, trustStore, toolbox);
    }

    @Override
    public void destroyEndpoints() {
        shieldObserveCleanup("destroying", delegate::destroyEndpoints);
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public List<LwM2mClientEndpoint> getEndpoints() {
        return delegate.getEndpoints();
    }

    @Override
    public LwM2mClientEndpoint getEndpoint(LwM2mServer server) {
        return delegate.getEndpoint(server);
    }

    @Override
    public void stop() {
        shieldObserveCleanup("stopping", delegate::stop);
    }

    /**
     * Leshan 2.0.0-M15 bug: when a server's observation is cancelled while the endpoint stops (a notification
     * still in flight) or is destroyed (the server identities are cleared first), its cleanup looks the server
     * up, finds none and throws a NullPointerException. By then the endpoint is stopped and unlisted, so going
     * on is safe: the client creates a fresh endpoint for the next bearer. Without this, a profile switch
     * would fail while a management server observes the terminal.
     */
    private void shieldObserveCleanup(String what, Runnable action) {
        try {
            action.run();
        } catch (NullPointerException e) {
            LOG.info("ignored Leshan's observe-cleanup failure while {} the endpoint: {}", what, e.getMessage());
        }
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }
}
