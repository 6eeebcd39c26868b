package org.m2mdm.server.lwm2m;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.exception.ClientSleepingException;
import org.eclipse.leshan.core.request.exception.RequestCanceledException;
import org.eclipse.leshan.core.request.exception.RequestRejectedException;
import org.eclipse.leshan.core.request.exception.SendFailedException;
import org.eclipse.leshan.core.request.exception.UnconnectedPeerException;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.queue.StaticClientAwakeTimeProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.SecurityStore;

/**
 * One Leshan LwM2M server (CoAP and/or CoAPS endpoint) serving one or more {@link ServerRole}s. The USIM and the
 * application management services either get a node each or share one; devices registered with a node are reached
 * through {@link #send(String, DownlinkRequest)}.
 */
public final class ManagementServerNode implements AutoCloseable {

    /** Largest request/response body (bytes) Californium reassembles block-wise; envelopes are a few KiB. */
    public static final int MAX_BODY_SIZE = 256 * 1024;

    private final String name;
    private final Set<ServerRole> roles;
    private final LeshanServer leshan;
    private final Duration requestTimeout;
    private boolean destroyed;

    private ManagementServerNode(Builder b) {
        this.name = b.name;
        this.roles = Set.copyOf(b.roles);
        this.requestTimeout = b.requestTimeout;
        List<Protocol> protocols = new ArrayList<>();
        CaliforniumServerEndpointsProvider.Builder eb = new CaliforniumServerEndpointsProvider.Builder(
                new CoapServerProtocolProvider(), new CoapsServerProtocolProvider());
        eb.setConfiguration(c -> {
            // Block-wise transfer is transparent in Californium as long as the body fits these limits.
            c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, MAX_BODY_SIZE);
            c.set(CoapConfig.PREFERRED_BLOCK_SIZE, 512);
            c.set(CoapConfig.MAX_MESSAGE_SIZE, 1024);
            c.set(CoapConfig.ACK_TIMEOUT, (int) b.ackTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        });
        if (b.coapPort >= 0) {
            eb.addEndpoint(new InetSocketAddress(b.address, b.coapPort), Protocol.COAP);
            protocols.add(Protocol.COAP);
        }
        if (b.coapsPort >= 0) {
            eb.addEndpoint(new InetSocketAddress(b.address, b.coapsPort), Protocol.COAPS);
            protocols.add(Protocol.COAPS);
        }
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("management server '" + name + "' needs a CoAP or a CoAPS port");
        }
        LeshanServerBuilder lb = new LeshanServerBuilder();
        lb.setEndpointsProviders(eb.build());
        lb.setObjectModelProvider(new VersionedModelProvider(b.models));
        lb.setSecurityStore(b.securityStore);
        // queue mode: how long a device counts as awake after it last talked to us
        lb.setClientAwakeTimeProvider(new StaticClientAwakeTimeProvider((int) b.clientAwakeTime.toMillis()));
        this.leshan = lb.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the endpoints; ports given as 0 become ephemeral ports, see {@link #coapUri()}. */
    public synchronized void start() {
        if (destroyed) {
            throw new IllegalStateException("management server '" + name + "' was closed");
        }
        leshan.start();
    }

    /** Stops and frees the ports; the node cannot be restarted. Idempotent. */
    @Override
    public synchronized void close() {
        if (!destroyed) {
            destroyed = true;
            leshan.destroy();
        }
    }

    public String name() {
        return name;
    }

    public Set<ServerRole> roles() {
        return roles;
    }

    public boolean serves(ServerRole role) {
        return roles.contains(role);
    }

    /** The plain CoAP endpoint, or null if the node has none. */
    public URI coapUri() {
        var ep = leshan.getEndpoint(Protocol.COAP);
        return ep == null ? null : ep.getURI();
    }

    /** The CoAP-over-DTLS endpoint (PSK), or null if the node has none. */
    public URI coapsUri() {
        var ep = leshan.getEndpoint(Protocol.COAPS);
        return ep == null ? null : ep.getURI();
    }

    /** The underlying Leshan server, for listeners (registrations, observations). */
    public LeshanServer leshan() {
        return leshan;
    }

    public Optional<Registration> registration(String endpoint) {
        return Optional.ofNullable(leshan.getRegistrationService().getByEndpoint(endpoint));
    }

    /** Sends with the node's default timeout. */
    public <T extends LwM2mResponse> T send(String endpoint, DownlinkRequest<T> request)
            throws DeviceUnreachableException, InterruptedException {
        return send(endpoint, request, requestTimeout);
    }

    /**
     * Sends a request to the device currently registered under {@code endpoint} and waits for its answer.
     *
     * @return the response (never null; an error response is returned as such)
     * @throws DeviceUnreachableException not registered, sleeping, or no answer in time
     */
    public <T extends LwM2mResponse> T send(String endpoint, DownlinkRequest<T> request, Duration timeout)
            throws DeviceUnreachableException, InterruptedException {
        Registration reg = leshan.getRegistrationService().getByEndpoint(endpoint);
        if (reg == null) {
            throw new DeviceUnreachableException(endpoint + " is not registered with " + name,
                    DeviceUnreachableException.Kind.OFFLINE);
        }
        T response;
        try {
            response = leshan.send(reg, request, timeout.toMillis());
        } catch (ClientSleepingException e) {
            throw new DeviceUnreachableException(endpoint + " is sleeping (queue mode)",
                    DeviceUnreachableException.Kind.SLEEPING, e);
        } catch (SendFailedException | RequestCanceledException | RequestRejectedException
                | UnconnectedPeerException e) {
            throw new DeviceUnreachableException(endpoint + ": " + e.getMessage(),
                    DeviceUnreachableException.Kind.NO_ANSWER, e);
        }
        if (response == null) {
            throw new DeviceUnreachableException(endpoint + " did not answer " + request.getClass().getSimpleName() + " within "
                    + timeout.toMillis() + " ms", true);
        }
        return response;
    }

    @Override
    public String toString() {
        return "ManagementServerNode[" + name + " " + roles + "]";
    }

    /** Options of a node; defaults: loopback, ephemeral CoAP and CoAPS ports, 5 s request timeout. */
    public static final class Builder {
        private String name = "lwm2m";
        private Set<ServerRole> roles = EnumSet.allOf(ServerRole.class);
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int coapPort = 0;
        private int coapsPort = 0;
        private List<ObjectModel> models;
        private SecurityStore securityStore;
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration ackTimeout = Duration.ofSeconds(2);
        private Duration clientAwakeTime = Duration.ofSeconds(93);

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        public Builder roles(Set<ServerRole> roles) {
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("a management server node needs at least one role");
            }
            this.roles = EnumSet.copyOf(roles);
            return this;
        }

        public Builder address(InetAddress address) {
            this.address = Objects.requireNonNull(address);
            return this;
        }

        /** CoAP (no security) port; 0 = ephemeral, -1 = no CoAP endpoint. */
        public Builder coapPort(int port) {
            this.coapPort = checkPort(port);
            return this;
        }

        /** CoAPS (DTLS with the PSKs the AAS handed out) port; 0 = ephemeral, -1 = none. */
        public Builder coapsPort(int port) {
            this.coapsPort = checkPort(port);
            return this;
        }

        /** Object models the server knows (mo-definitions' Models.all()). */
        public Builder models(List<ObjectModel> models) {
            this.models = List.copyOf(models);
            return this;
        }

        /** Where PSK credentials come from; required for the CoAPS endpoint to exist. */
        public Builder securityStore(SecurityStore securityStore) {
            this.securityStore = Objects.requireNonNull(securityStore);
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** CoAP ACK timeout (first retransmission); shorter in tests. */
        public Builder ackTimeout(Duration ackTimeout) {
            this.ackTimeout = Objects.requireNonNull(ackTimeout);
            return this;
        }

        /**
         * For queue-mode devices: how long after a register/update/notification the device is considered awake
         * (LwM2M default 93 s); requests to a sleeping device wait for its next update.
         */
        public Builder clientAwakeTime(Duration awake) {
            if (awake.isNegative() || awake.isZero()) {
                throw new IllegalArgumentException("client awake time must be positive");
            }
            this.clientAwakeTime = awake;
            return this;
        }

        private static int checkPort(int port) {
            if (port < -1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        }

        public ManagementServerNode build() {
            if (models == null) {
                throw new IllegalStateException("models are required (mo-definitions Models.all())");
            }
            if (securityStore == null) {
                throw new IllegalStateException("a security store is required");
            }
            return new ManagementServerNode(this);
        }
    }
}
