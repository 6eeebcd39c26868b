package org.m2mdm.conformance;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.exception.RequestCanceledException;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.registration.Registration;

/**
 * The client a suite run exercises: its endpoint name, the suite's server it registered with, the
 * time a step may take, and the fixtures the run was given (the USIM signer, the profiles the
 * client's network accepts). Which objects it implements is taken from its registration's object
 * links, never from what the runner believes about it.
 */
public final class ClientUnderTest {
    private final ConformanceServer server;
    private final String endpoint;
    private final Duration timeout;
    private final UsimFixture usim;

    /**
     * @param usim the fixture for the USIM cases, or {@code null} when the run has none (those cases
     *        are then not applicable)
     */
    public ClientUnderTest(ConformanceServer server, String endpoint, Duration timeout, UsimFixture usim) {
        this.server = Objects.requireNonNull(server, "server");
        this.endpoint = ConformanceServer.requireEndpoint(endpoint);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.usim = usim;
    }

    public String endpoint() {
        return endpoint;
    }

    public ConformanceServer server() {
        return server;
    }

    /** How long one step (a request, a notification, a re-registration) may take. */
    public Duration timeout() {
        return timeout;
    }

    /** The USIM fixture, if the run has one. */
    public Optional<UsimFixture> usim() {
        return Optional.ofNullable(usim);
    }

    /** The current registration, or {@link CaseFailure} if the client is not registered. */
    public Registration registration() {
        return server.registration(endpoint)
                .orElseThrow(() -> new CaseFailure("client " + endpoint + " is not registered"));
    }

    /** The current registration if the client is registered now. */
    public Optional<Registration> currentRegistration() {
        return server.registration(endpoint);
    }

    /** The object ids in the registration's object links (e.g. {@code </1/0>,</3/0>} gives 1 and 3). */
    public Set<Integer> objectIds() {
        Set<Integer> ids = new TreeSet<>(registration().getSupportedObject().keySet());
        for (LwM2mPath p : registration().getAvailableInstances()) {
            ids.add(p.getObjectId());
        }
        return ids;
    }

    /** Whether the registration announces every one of {@code objectIds}. */
    public boolean implementsObjects(int... objectIds) {
        Set<Integer> ids = objectIds();
        for (int id : objectIds) {
            if (!ids.contains(id)) {
                return false;
            }
        }
        return true;
    }

    /** Instance ids of {@code objectId} announced in the registration, ascending. */
    public List<Integer> instances(int objectId) {
        return registration().getAvailableInstances().stream().filter(p -> p.getObjectId() == objectId)
                .map(LwM2mPath::getObjectInstanceId).filter(Objects::nonNull).distinct().sorted().toList();
    }

    /** The first announced instance of {@code objectId}, or {@link CaseFailure}. */
    public int firstInstance(int objectId) {
        List<Integer> ids = instances(objectId);
        if (ids.isEmpty()) {
            throw new CaseFailure("registration announces no instance of object /" + objectId);
        }
        return ids.get(0);
    }

    /**
     * Sends {@code request} to the client's current registration and waits up to {@link #timeout()}.
     *
     * @throws CaseFailure if the client does not answer in time
     */
    public <T extends LwM2mResponse> T send(DownlinkRequest<T> request) throws InterruptedException {
        Registration target = registration();
        T response;
        try {
            response = server.leshan().send(target, request, timeout.toMillis());
        } catch (RequestCanceledException e) {
            // Leshan cancels what is in flight when the client registers anew (e.g. after re-attaching).
            // A read is safe to repeat on the new registration; anything else is reported.
            if (!(request instanceof ReadRequest) || !awaitNewRegistration(target)) {
                throw new ReRegistrationException(describe(request) + " was cancelled: the client re-registered"
                        + " while it was in flight");
            }
            try {
                response = server.leshan().send(registration(), request, timeout.toMillis());
            } catch (RequestCanceledException again) {
                throw new ReRegistrationException(describe(request) + " was cancelled twice: the client keeps"
                        + " re-registering");
            }
        }
        if (response == null) {
            throw new CaseFailure("no response to " + describe(request) + " within " + timeout.toSeconds() + " s");
        }
        return response;
    }

    private boolean awaitNewRegistration(Registration old) throws InterruptedException {
        return server.await(() -> server.registration(endpoint).map(r -> !r.getId().equals(old.getId())).orElse(false),
                timeout);
    }

    /**
     * Waits until the client is registered and its registration has stayed the same for {@code quiet}
     * (after a profile switch or rollback it re-attaches and may register more than once).
     *
     * @return false if it did not settle within {@link #timeout()} plus {@code quiet}
     */
    public boolean awaitSettled(Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.plus(quiet).toNanos();
        String lastId = null;
        long lastCount = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Optional<Registration> r = server.registration(endpoint);
            long count = server.registrationCount(endpoint) + server.updateCount(endpoint);
            String id = r.map(Registration::getId).orElse(null);
            if (id == null || !id.equals(lastId) || count != lastCount) {
                lastId = id;
                lastCount = count;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= quiet.toNanos()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** e.g. {@code WRITE /1/0/1}, for failure reasons. */
    static String describe(DownlinkRequest<?> request) {
        String kind = request.getClass().getSimpleName().replace("Request", "").toUpperCase(java.util.Locale.ROOT);
        String path = request instanceof org.eclipse.leshan.core.request.SimpleDownlinkRequest<?> simple
                ? " " + simple.getPath() : "";
        return kind + path;
    }

    @Override
    public String toString() {
        return "ClientUnderTest[" + endpoint + "]";
    }
}
