package org.m2mdm.conformance;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.node.codec.LwM2mValueChecker;
import org.eclipse.leshan.core.node.codec.LwM2mValueConverter;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.m2mdm.mo.Models;

/**
 * The conformance suite's own LwM2M server: a Leshan server with a CoAP and a CoAPS endpoint on
 * loopback, an in-memory security store (PSK entries added by the runner) and every model of the
 * project ({@link Models#all()}). It records registrations, updates and notifications per endpoint
 * so that cases can wait for them with a timeout.
 *
 * <p>Its encoder deliberately lets a String value through for a numeric resource, so a case can
 * send a malformed write (text that is not a number) and check that the client refuses it; every
 * other type mismatch is still refused by Leshan's checker before anything is sent.
 */
public final class ConformanceServer implements AutoCloseable {

    /** A notification received for one observation. */
    public record Notification(String endpoint, LwM2mPath path, LwM2mNode content, Instant receivedAt) {
    }

    private final LeshanServer leshan;
    private final InMemorySecurityStore securityStore;
    private final Object events = new Object();
    private final Map<String, Long> registrations = new HashMap<>();
    private final Map<String, Long> updates = new HashMap<>();
    private final Map<String, Long> deregistrations = new HashMap<>();
    private final List<Notification> notifications = new ArrayList<>();

    private ConformanceServer(InetSocketAddress coap, InetSocketAddress coaps) {
        securityStore = new InMemorySecurityStore();
        CaliforniumServerEndpointsProvider endpoints = new CaliforniumServerEndpointsProvider.Builder(
                new CoapServerProtocolProvider(), new CoapsServerProtocolProvider())
                .addEndpoint(coap, Protocol.COAP)
                .addEndpoint(coaps, Protocol.COAPS)
                .build();
        LeshanServerBuilder builder = new LeshanServerBuilder();
        builder.setEndpointsProviders(endpoints);
        builder.setObjectModelProvider(new VersionedModelProvider(Models.all()));
        builder.setSecurityStore(securityStore);
        builder.setEncoder(new DefaultLwM2mEncoder(new TextForNumbers()));
        leshan = builder.build();
        leshan.getRegistrationService().addListener(new Recorder());
        leshan.getObservationService().addListener(new NotificationRecorder());
    }

    /** Starts a server on ephemeral CoAP and CoAPS ports of 127.0.0.1. */
    public static ConformanceServer start() {
        return start(0, 0);
    }

    /** Starts a server on the given ports of 127.0.0.1 (0 = ephemeral). */
    public static ConformanceServer start(int coapPort, int coapsPort) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ConformanceServer server = new ConformanceServer(new InetSocketAddress(loopback, coapPort),
                new InetSocketAddress(loopback, coapsPort));
        server.leshan.start();
        return server;
    }

    /** The underlying Leshan server. */
    public LeshanServer leshan() {
        return leshan;
    }

    /** The CoAP endpoint's URI with its real port, e.g. {@code coap://127.0.0.1:50441}. */
    public URI coapUri() {
        return leshan.getEndpoint(Protocol.COAP).getURI();
    }

    /** The CoAPS (DTLS) endpoint's URI with its real port. */
    public URI coapsUri() {
        return leshan.getEndpoint(Protocol.COAPS).getURI();
    }

    /**
     * Lets {@code endpoint} register over DTLS with a pre-shared key (it must then use it).
     *
     * @throws IllegalArgumentException if the endpoint or identity already has security information
     */
    public void addPreSharedKey(String endpoint, String identity, byte[] key) {
        try {
            securityStore.add(SecurityInfo.newPreSharedKeyInfo(endpoint, identity, key.clone()));
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalArgumentException("security information for " + endpoint + " already present", e);
        }
    }

    /** The client's current registration, if it is registered. */
    public Optional<Registration> registration(String endpoint) {
        return Optional.ofNullable(leshan.getRegistrationService().getByEndpoint(endpoint));
    }

    /** Waits until {@code endpoint} is registered; empty on timeout. */
    public Optional<Registration> awaitRegistration(String endpoint, Duration timeout) throws InterruptedException {
        await(() -> registration(endpoint).isPresent(), timeout);
        return registration(endpoint);
    }

    /** How many times {@code endpoint} registered (new registrations, not updates) since start. */
    public long registrationCount(String endpoint) {
        synchronized (events) {
            return registrations.getOrDefault(endpoint, 0L);
        }
    }

    /** How many registration updates {@code endpoint} sent since start. */
    public long updateCount(String endpoint) {
        synchronized (events) {
            return updates.getOrDefault(endpoint, 0L);
        }
    }

    /** How many times {@code endpoint} deregistered or expired since start. */
    public long deregistrationCount(String endpoint) {
        synchronized (events) {
            return deregistrations.getOrDefault(endpoint, 0L);
        }
    }

    /** Waits until {@code endpoint} has sent more than {@code count} updates; false on timeout. */
    public boolean awaitUpdateCountAbove(String endpoint, long count, Duration timeout) throws InterruptedException {
        return await(() -> updates.getOrDefault(endpoint, 0L) > count, timeout);
    }

    /** Waits until {@code endpoint} has registered more than {@code count} times; false on timeout. */
    public boolean awaitRegistrationCountAbove(String endpoint, long count, Duration timeout)
            throws InterruptedException {
        return await(() -> registrations.getOrDefault(endpoint, 0L) > count, timeout);
    }

    /** Number of notifications received so far (a mark for {@link #awaitNotification}). */
    public int notificationMark() {
        synchronized (events) {
            return notifications.size();
        }
    }

    /**
     * Waits for a notification from {@code endpoint} on {@code path} received after {@code mark}
     * whose content satisfies {@code accept}; empty on timeout.
     */
    public Optional<Notification> awaitNotification(String endpoint, LwM2mPath path, int mark,
            Predicate<LwM2mNode> accept, Duration timeout) throws InterruptedException {
        Notification[] found = new Notification[1];
        await(() -> {
            for (int i = mark; i < notifications.size(); i++) {
                Notification n = notifications.get(i);
                if (n.endpoint().equals(endpoint) && n.path().equals(path) && accept.test(n.content())) {
                    found[0] = n;
                    return true;
                }
            }
            return false;
        }, timeout);
        return Optional.ofNullable(found[0]);
    }

    /**
     * Waits until {@code condition} holds, re-checking on every server event and at least every 100 ms.
     * The condition is evaluated while holding the event lock.
     */
    public boolean await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                events.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
            return true;
        }
    }

    @Override
    public void close() {
        leshan.destroy();
    }

    private void record(Map<String, Long> counters, String endpoint) {
        synchronized (events) {
            counters.merge(endpoint, 1L, Long::sum);
            events.notifyAll();
        }
    }

    private final class Recorder implements RegistrationListener {
        @Override
        public void registered(Registration registration, Registration previousReg,
                Collection<Observation> previousObservations) {
            record(registrations, registration.getEndpoint());
        }

        @Override
        public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
            record(updates, updatedReg.getEndpoint());
        }

        @Override
        public void unregistered(Registration registration, Collection<Observation> observations, boolean expired,
                Registration newReg) {
            record(deregistrations, registration.getEndpoint());
        }
    }

    private final class NotificationRecorder implements ObservationListener {
        @Override
        public void newObservation(Observation observation, Registration registration) {
        }

        @Override
        public void cancelled(Observation observation) {
        }

        @Override
        public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
            if (response.getContent() == null) {
                return;
            }
            synchronized (events) {
                notifications.add(new Notification(registration.getEndpoint(), observation.getPath(),
                        response.getContent(), Instant.now()));
                events.notifyAll();
            }
        }

        @Override
        public void onResponse(CompositeObservation observation, Registration registration,
                ObserveCompositeResponse response) {
        }

        @Override
        public void onError(Observation observation, Registration registration, Exception error) {
        }
    }

    /** Leshan's strict type check, except that a String may be sent as the text of a number. */
    private static final class TextForNumbers implements LwM2mValueConverter {
        private final LwM2mValueChecker strict = new LwM2mValueChecker();

        @Override
        public Object convertValue(Object value, Type currentType, Type expectedType, LwM2mPath resourcePath) {
            if (currentType == Type.STRING && (expectedType == Type.INTEGER || expectedType == Type.UNSIGNED_INTEGER
                    || expectedType == Type.FLOAT)) {
                return value;
            }
            return strict.convertValue(value, currentType, expectedType, resourcePath);
        }
    }

    @Override
    public String toString() {
        return "ConformanceServer[" + coapUri() + ", " + coapsUri() + "]";
    }

    static String requireEndpoint(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint name must not be blank");
        }
        return endpoint;
    }
}
