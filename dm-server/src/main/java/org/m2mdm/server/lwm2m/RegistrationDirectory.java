package org.m2mdm.server.lwm2m;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.core.observation.Observation;
import org.m2mdm.server.store.AuditEvent;
import org.m2mdm.server.store.AuditLog;
import org.m2mdm.server.store.DeviceState;
import org.m2mdm.server.store.DeviceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration state of every endpoint across the management server nodes of this process, per role; also the
 * place to hear about devices coming online (register or update), which is when queued commands get delivered.
 */
public final class RegistrationDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationDirectory.class);

    private final List<ManagementServerNode> nodes = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, ServerRole>> onlineListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, ManagementServerNode>> registrationListeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<String>> updateListeners = new CopyOnWriteArrayList<>();

    /** Adds a node (before or after it is started); its registrations are reported from now on. */
    public void add(ManagementServerNode node) {
        Objects.requireNonNull(node);
        nodes.add(node);
        node.leshan().getRegistrationService().addListener(new RegistrationListener() {
            @Override
            public void registered(Registration reg, Registration previousReg, Collection<Observation> previousObs) {
                for (BiConsumer<String, ManagementServerNode> l : registrationListeners) {
                    try {
                        l.accept(reg.getEndpoint(), node);
                    } catch (RuntimeException e) {
                        LOG.warn("registration listener failed for {}", reg.getEndpoint(), e);
                    }
                }
                online(node, reg.getEndpoint());
            }

            @Override
            public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
                for (java.util.function.Consumer<String> l : updateListeners) {
                    try {
                        l.accept(updatedReg.getEndpoint());
                    } catch (RuntimeException e) {
                        LOG.warn("update listener failed for {}", updatedReg.getEndpoint(), e);
                    }
                }
                online(node, updatedReg.getEndpoint());
            }

            @Override
            public void unregistered(Registration reg, Collection<Observation> obs, boolean expired,
                    Registration newReg) {
                // nothing queued can be delivered now; the next registration wakes the device's targets again
            }
        });
    }

    /**
     * Calls {@code listener(endpoint, role)} whenever an endpoint registers or updates with a node of that role
     * (once per role the node serves). Called on a Leshan thread: keep it short.
     */
    public void onOnline(BiConsumer<String, ServerRole> listener) {
        onlineListeners.add(Objects.requireNonNull(listener));
    }

    private void online(ManagementServerNode node, String endpoint) {
        for (ServerRole role : node.roles()) {
            for (BiConsumer<String, ServerRole> l : onlineListeners) {
                try {
                    l.accept(endpoint, role);
                } catch (RuntimeException e) {
                    LOG.warn("online listener failed for {}", endpoint, e);
                }
            }
        }
    }

    /**
     * Keeps the inventory in step with registrations: every new registration is audited ({@code lwm2m.registered}),
     * and a PROVISIONED or BOOTSTRAPPED device becomes ACTIVE ("registered with its management server at least
     * once") when it registers or updates — state changes are conditional updates, so they never race the AAS's end-of-bootstrap mark.
     * Runs on Leshan's thread; the database calls are short.
     */
    public void recordRegistrations(DeviceStore devices, AuditLog audit) {
        registrationListeners.add((endpoint, node) -> devices.locate(endpoint).ifPresent(d -> {
            markActive(devices, d);
            audit.record(new AuditEvent("lwm2m:" + node.name(), d.tenantId(), "lwm2m.registered", endpoint, "OK",
                    "registered with " + node.name() + " " + node.roles(), java.time.Instant.now()));
        }));
        updateListeners.add(endpoint -> devices.locate(endpoint).ifPresent(d -> markActive(devices, d)));
    }

    private static void markActive(DeviceStore devices, org.m2mdm.server.store.Device d) {
        if (d.state() == DeviceState.PROVISIONED || d.state() == DeviceState.BOOTSTRAPPED) {
            // conditional in one UPDATE: never races the AAS into a downgrade
            devices.transition(d.tenantId(), d.id(), java.util.Set.of(DeviceState.PROVISIONED,
                    DeviceState.BOOTSTRAPPED), DeviceState.ACTIVE);
        }
    }

    /** The node serving {@code role} (the first one added, if several). */
    public Optional<ManagementServerNode> node(ServerRole role) {
        return nodes.stream().filter(n -> n.serves(role)).findFirst();
    }

    public List<ManagementServerNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The node of {@code role} where {@code endpoint} is registered now, if any. */
    public Optional<ManagementServerNode> nodeFor(String endpoint, ServerRole role) {
        return nodes.stream().filter(n -> n.serves(role) && n.registration(endpoint).isPresent()).findFirst()
                .or(() -> node(role));
    }

    /** Registration state of {@code endpoint} with {@code role}, empty if not registered. */
    public Optional<RegistrationState> state(String endpoint, ServerRole role) {
        for (ManagementServerNode n : nodes) {
            if (!n.serves(role)) {
                continue;
            }
            Optional<Registration> reg = n.registration(endpoint);
            if (reg.isPresent()) {
                return Optional.of(toState(n, role, reg.get()));
            }
        }
        return Optional.empty();
    }

    /** Every role {@code endpoint} is registered with right now (empty list = offline). */
    public List<RegistrationState> states(String endpoint) {
        List<RegistrationState> out = new ArrayList<>();
        for (ServerRole role : ServerRole.values()) {
            state(endpoint, role).ifPresent(out::add);
        }
        return out;
    }

    public boolean isRegistered(String endpoint, ServerRole role) {
        return state(endpoint, role).isPresent();
    }

    private static RegistrationState toState(ManagementServerNode n, ServerRole role, Registration r) {
        return new RegistrationState(role, n.name(), r.getId(), r.getRegistrationDate().toInstant(),
                r.getLastUpdate() == null ? r.getRegistrationDate().toInstant() : r.getLastUpdate().toInstant(),
                r.usesQueueMode(), r.getSocketAddress(),
                r.getLifeTimeInSec() == null ? 0 : r.getLifeTimeInSec());
    }


}
