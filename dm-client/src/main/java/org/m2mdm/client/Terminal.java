package org.m2mdm.client;

import java.net.InetAddress;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.m2mdm.client.modem.AttachOutcome;
import org.m2mdm.client.modem.BearerDownloader;
import org.m2mdm.client.modem.BearerEndpointsProvider;
import org.m2mdm.client.modem.Modem;
import org.m2mdm.client.objects.ActivationStore;
import org.m2mdm.client.objects.ApnProfileObject;
import org.m2mdm.client.objects.ApnStore;
import org.m2mdm.client.objects.AppParametersObject;
import org.m2mdm.client.objects.AppParametersStore;
import org.m2mdm.client.objects.ApplicationActivationEnabler;
import org.m2mdm.client.objects.CellularConnectivityEnabler;
import org.m2mdm.client.objects.ConnectivityMonitoringEnabler;
import org.m2mdm.client.objects.EnvelopeGate;
import org.m2mdm.client.objects.FileActivationStore;
import org.m2mdm.client.objects.RspEnabler;
import org.m2mdm.client.objects.SimProvisioningEnabler;
import org.m2mdm.client.objects.UsimProfileObject;
import org.m2mdm.client.profiles.FileProfileStore;
import org.m2mdm.client.profiles.Journal;
import org.m2mdm.client.profiles.ProfileOrigin;
import org.m2mdm.client.profiles.ProfileService;
import org.m2mdm.client.profiles.ProfileStoreException;
import org.m2mdm.client.profiles.ProfileSwitch;
import org.m2mdm.client.profiles.Selection;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.client.profiles.SwitchOutcome;
import org.m2mdm.client.profiles.SwitchStep;
import org.m2mdm.envelope.EnvelopeRejectedException.Reason;
import org.m2mdm.envelope.OpenedEnvelope;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.replay.FileReplayGuard;
import org.m2mdm.mo.ApplicationActivationResources;
import org.m2mdm.mo.Models;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.payload.BootstrapTrigger;
import org.m2mdm.mo.payload.PayloadFormatException;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.SmsMessage;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.synthetic.SyntheticCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One M2M terminal: modem + profile store + Leshan LwM2M client with the project's objects. Start it
 * from a state directory; it attaches with the best profile, bootstraps with the AAS over DTLS (X.509
 * device certificate), registers with the management server the AAS named, and then serves the
 * USIM and application trees. Many terminals can run in one JVM.
 */
public final class Terminal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Terminal.class);

    private final TerminalBuilder options;
    private final List<TerminalListener> listeners = new CopyOnWriteArrayList<>();
    private final Object stateLock = new Object();
    private TerminalState state = TerminalState.STOPPED;
    private final AtomicReference<CountDownLatch> registration = new AtomicReference<>(new CountDownLatch(1));

    private StateDirectory stateDir;
    private ScheduledExecutorService control;
    private FileProfileStore profileStore;
    private Modem modem;
    private ProfileSwitch profileSwitch;
    private ProfileService profileService;
    private ActivationStore activationStore;
    private ApplicationActivationEnabler activation;
    private ConnectivityMonitoringEnabler connectivity;
    private LeshanClient client;
    private volatile boolean stopping;

    Terminal(TerminalBuilder options) {
        this.options = options;
        listeners.addAll(options.listeners);
    }

    public static TerminalBuilder builder() {
        return new TerminalBuilder();
    }

    public void addListener(TerminalListener l) {
        listeners.add(l);
    }

    /**
     * Opens the state directory, attaches and starts the LwM2M client (bootstrap and registration then
     * proceed in the background; see {@link #awaitRegistered}).
     *
     * @throws StateDirectoryException if the state directory is missing or corrupt
     * @throws TerminalException if no profile attaches
     */
    public synchronized void start() {
        if (client != null || state() == TerminalState.AWAITING_TRIGGER) {
            throw new IllegalStateException("terminal already started");
        }
        stopping = false;
        stateDir = StateDirectory.open(options.stateDirectory);
        TerminalIdentity id = stateDir.identity();
        LOG.info("terminal {} starting from {}", id.endpoint(), stateDir.directory());
        control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "terminal-" + id.endpoint() + "-control");
            t.setDaemon(true);
            return t;
        });
        profileStore = new FileProfileStore(stateDir.resolve(StateDirectory.PROFILES), options.profileCapacity);
        modem = new Modem(options.network, profileStore, options.clock);
        profileSwitch = new ProfileSwitch(profileStore, new Journal(stateDir.resolve(StateDirectory.JOURNAL), options.clock),
                modem, options.rollbackTimeout, options.switchFaults,
                n -> id.ku().map(ku -> new StoredProfile(0, SyntheticCredentials.derive(ku, n.plmn()), n.plmn(), n.name(),
                        "synthetic " + n.plmn(), ProfileOrigin.SYNTHETIC, options.clock.instant())));
        profileService = new ProfileService(profileStore, profileSwitch, control, options.clock);
        profileSwitch.addListener(switchListener());
        modem.onAttached(a -> {
            a.bearer().onSms(this::smsReceived);
            listeners.forEach(l -> l.attached(a.bearer(), a.profile().iccid()));
            if (connectivity != null) {
                connectivity.bearerChanged();
            }
        });
        modem.onBearerLost(b -> {
            if (!stopping) {
                control.execute(this::recoverConnectivity);
            }
        });

        setState(TerminalState.ATTACHING);
        Optional<AttachOutcome.Attached> attached = profileSwitch.connect();
        if (attached.isEmpty()) {
            setState(TerminalState.NO_SERVICE);
            String msg = "no USIM profile of terminal " + id.endpoint() + " attaches on any visible network "
                    + modem.visibleNetworks();
            modem.close();
            control.shutdownNow();
            throw new TerminalException(msg);
        }
        try {
            activationStore = new FileActivationStore(stateDir.directory(), id.aasAddress(), id.manufacturePolicy());
            if (activationStore.aasAddress().isBlank()) {
                LOG.info("no AAS address known: waiting for an OTA bootstrap trigger");
                setState(TerminalState.AWAITING_TRIGGER);
                return;
            }
            startClient(id);
        } catch (ProfileStoreException e) {
            modem.close();
            control.shutdownNow();
            throw new StateDirectoryException(e.getMessage(), e);
        } catch (RuntimeException e) {
            modem.close();
            control.shutdownNow();
            throw e;
        }
    }

    private void startClient(TerminalIdentity id) {
        client = buildClient(id);
        profileSwitch.setReachability(this::reconnect);
        setState(TerminalState.BOOTSTRAPPING);
        client.start();
    }

    private ProfileSwitch.Listener switchListener() {
        return new ProfileSwitch.Listener() {
            @Override
            public void stepReached(SwitchStep step, Iccid target) {
                if (step == SwitchStep.BEGUN) {
                    setState(TerminalState.SWITCHING);
                }
                if (step == SwitchStep.TRIAL_SELECTED) {
                    // Let the "on trial" notification leave over the current bearer before the modem detaches.
                    try {
                        Thread.sleep(options.executeGrace.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void finished(SwitchOutcome o) {
                if (o.committed()) {
                    listeners.forEach(l -> l.switchCommitted(o.target()));
                } else {
                    listeners.forEach(l -> l.switchRolledBack(o.target(), o.active(), o.failure().orElse("")));
                }
            }
        };
    }

    private LeshanClient buildClient(TerminalIdentity id) {
        EnvelopeGate gate = new EnvelopeGate(id.deviceKey(), id.endpoint(),
                new FileReplayGuard(stateDir.resolve(StateDirectory.REPLAY_GUARD)), options.clock,
                () -> activationStore.policy());
        gate.setListener(new EnvelopeGate.Listener() {
            @Override
            public void accepted(PayloadType type, OpenedEnvelope envelope) {
                listeners.forEach(l -> l.envelopeAccepted(type, envelope.sequence()));
            }

            @Override
            public void rejected(PayloadType expected, Reason reason, String message) {
                listeners.forEach(l -> l.envelopeRejected(expected, reason, message));
            }
        });
        StaticModel model = new StaticModel(Models.all());

        activation = new ApplicationActivationEnabler(model.getObjectModel(ObjectIds.APPLICATION_ACTIVATION),
                activationStore, gate);
        connectivity = new ConnectivityMonitoringEnabler(model.getObjectModel(LwM2mId.CONNECTIVITY_MONITORING),
                modem::bearer);
        CellularConnectivityEnabler[] cellular = new CellularConnectivityEnabler[1];
        ApnProfileObject apns = new ApnProfileObject(model.getObjectModel(ObjectIds.APN_CONNECTION_PROFILE),
                new ApnStore(stateDir.resolve(StateDirectory.APN)), () -> {
                    if (cellular[0] != null) {
                        cellular[0].changed();
                    }
                });
        cellular[0] = new CellularConnectivityEnabler(model.getObjectModel(ObjectIds.CELLULAR_CONNECTIVITY), modem::bearer,
                apns);
        SimProvisioningEnabler simProvisioning = new SimProvisioningEnabler(
                model.getObjectModel(ObjectIds.SIM_PROVISIONING), profileService, gate,
                new BearerDownloader(modem::bearer, options.requestTimeout, 64 * 1024), control);
        RspEnabler rsp = new RspEnabler(model.getObjectModel(ObjectIds.RSP), profileService, simProvisioning, control,
                options.executeGrace.toMillis());

        ObjectsInitializer init = new ObjectsInitializer(model);
        // The AAS may have moved the terminal to another AAS address (32770/0/0); its certificate stays pinned.
        init.setInstancesForObject(LwM2mId.SECURITY, bootstrapSecurity(id, activationStore.aasAddress()));
        init.setClassForObject(LwM2mId.SERVER, Server.class);
        init.setInstancesForObject(LwM2mId.DEVICE, new Device(id.manufacturer(), id.model(), id.serialNumber()));
        init.setInstancesForObject(LwM2mId.CONNECTIVITY_MONITORING, connectivity);
        init.setInstancesForObject(ObjectIds.CELLULAR_CONNECTIVITY, cellular[0]);
        init.setInstancesForObject(ObjectIds.RSP, rsp);
        init.setInstancesForObject(ObjectIds.SIM_PROVISIONING, simProvisioning);
        init.setInstancesForObject(ObjectIds.APPLICATION_ACTIVATION, activation);
        for (int single : new int[] { LwM2mId.CONNECTIVITY_MONITORING, ObjectIds.CELLULAR_CONNECTIVITY, ObjectIds.RSP,
                ObjectIds.SIM_PROVISIONING, ObjectIds.APPLICATION_ACTIVATION }) {
            init.setFactoryForObject(single, (m, instanceId, used) -> {
                throw new UnsupportedOperationException("object " + m.id + " has exactly one instance");
            });
        }
        List<LwM2mObjectEnabler> enablers = new ArrayList<>(init.createAll());
        enablers.add(new UsimProfileObject(model.getObjectModel(ObjectIds.USIM_PROFILE), profileService));
        enablers.add(new AppParametersObject(model.getObjectModel(ObjectIds.APPLICATION_PARAMETERS),
                new AppParametersStore(stateDir.resolve(StateDirectory.APP_PARAMS)), gate, options.clock));
        enablers.add(apns);

        CaliforniumClientEndpointsProvider.Builder eb = new CaliforniumClientEndpointsProvider.Builder(
                new CoapClientProtocolProvider(), new CoapsClientProtocolProvider());
        Configuration cfg = eb.createDefaultConfiguration();
        cfg.set(CoapConfig.ACK_TIMEOUT, options.ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        cfg.set(CoapConfig.MAX_RETRANSMIT, options.maxRetransmit);
        cfg.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, options.ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        cfg.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, options.maxRetransmit);
        eb.setConfiguration(cfg);
        eb.setClientAddress(InetAddress.getLoopbackAddress());

        DefaultRegistrationEngineFactory engine = new DefaultRegistrationEngineFactory();
        engine.setRequestTimeoutInMs(options.requestTimeout.toMillis());
        engine.setDeregistrationTimeoutInMs(options.deregistrationTimeout.toMillis());
        engine.setBootstrapSessionTimeoutInSec((int) Math.max(1, options.bootstrapSessionTimeout.toSeconds()));
        engine.setRetryWaitingTimeInMs((int) options.retryInterval.toMillis());

        LeshanClientBuilder cb = new LeshanClientBuilder(id.endpoint());
        cb.setObjects(enablers);
        BearerEndpointsProvider endpoints = new BearerEndpointsProvider(eb.build(), modem::bearer);
        cb.setEndpointsProviders(endpoints);
        cb.setRegistrationEngineFactory(engine);
        LeshanClient c = cb.build();
        c.addObserver(new LwM2mClientObserverAdapter() {
            @Override
            public void onBootstrapStarted(LwM2mServer bsserver, BootstrapRequest request) {
                LOG.info("bootstrap: requesting configuration from the AAS {}", activationStore.aasAddress());
                setState(TerminalState.BOOTSTRAPPING);
                activation.setActivationState(ApplicationActivationResources.STATE_BOOTSTRAPPING);
            }

            @Override
            public void onBootstrapSuccess(LwM2mServer bsserver, BootstrapRequest request) {
                LOG.info("bootstrap finished (trust policy from {})", activationStore.policySource());
                activation.setActivationState(ApplicationActivationResources.STATE_ACTIVATED);
                setState(TerminalState.REGISTERING);
                listeners.forEach(TerminalListener::bootstrapped);
            }

            @Override
            public void onBootstrapFailure(LwM2mServer bsserver, BootstrapRequest request, ResponseCode code,
                    String errorMessage, Exception cause) {
                LOG.warn("bootstrap failed: {} {}", code, errorMessage != null ? errorMessage
                        : cause != null ? cause.getMessage() : "");
                activation.setActivationState(ApplicationActivationResources.STATE_FAILED);
            }

            @Override
            public void onBootstrapTimeout(LwM2mServer bsserver, BootstrapRequest request) {
                LOG.warn("bootstrap timed out (AAS {})", activationStore.aasAddress());
                activation.setActivationState(ApplicationActivationResources.STATE_FAILED);
            }

            @Override
            public void onRegistrationStarted(LwM2mServer server, RegisterRequest request) {
                LOG.info("registering with {}", endpoints.original(server.getUri()));
                setState(TerminalState.REGISTERING);
            }

            @Override
            public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationID) {
                LOG.info("registered with {} (registration {})", endpoints.original(server.getUri()), registrationID);
                setState(TerminalState.REGISTERED);
                registration.get().countDown();
                listeners.forEach(l -> l.registered(endpoints.original(server.getUri()), registrationID));
            }

            @Override
            public void onRegistrationFailure(LwM2mServer server, RegisterRequest request, ResponseCode code,
                    String errorMessage, Exception cause) {
                LOG.warn("registration with {} failed: {}", endpoints.original(server.getUri()),
                        code != null ? code + (errorMessage != null ? " " + errorMessage : "")
                                : cause != null ? cause.toString() : "no answer");
            }

            @Override
            public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
                LOG.warn("registration with {} timed out", endpoints.original(server.getUri()));
            }

            @Override
            public void onUnexpectedError(Throwable e) {
                LOG.error("LwM2M client error: {}", e.toString());
            }
        });
        return c;
    }

    private static Security bootstrapSecurity(TerminalIdentity id, String aasAddress) {
        String uri = aasAddress.contains("://") ? aasAddress : "coaps://" + aasAddress;
        if (uri.startsWith("coap://")) {
            LOG.warn("bootstrap over plain CoAP ({}): use coaps:// outside tests", uri);
            return Security.noSecBootstrap(uri);
        }
        try {
            return Security.x509Bootstrap(uri, id.deviceCertificate().getEncoded(), id.deviceKey().getEncoded(),
                    id.aasCertificate().orElseThrow(() -> new StateDirectoryException("no AAS certificate for " + uri))
                            .getEncoded());
        } catch (CertificateEncodingException e) {
            throw new StateDirectoryException("device or AAS certificate cannot be encoded", e);
        }
    }

    /** OTA SMS: a bootstrap trigger (scenario 2) makes the terminal bootstrap now; anything else is dropped. */
    private void smsReceived(SmsMessage sms) {
        BootstrapTrigger trigger;
        try {
            trigger = BootstrapTrigger.decode(sms.payload());
        } catch (PayloadFormatException e) {
            LOG.warn("SMS {} ignored: {}", sms.id(), e.getMessage());
            return;
        }
        LOG.info("SMS {}: bootstrap trigger{}", sms.id(), trigger.aasAddress().map(a -> " for AAS " + a).orElse(""));
        if (!stopping) {
            control.execute(() -> bootstrapNow(trigger));
        }
    }

    private synchronized void bootstrapNow(BootstrapTrigger trigger) {
        if (stopping) {
            return;
        }
        LeshanClient c = client;
        if (c == null) {
            // A terminal without an AAS address learns it from this trigger (scenario 2) and bootstraps now.
            if (trigger.aasAddress().isEmpty()) {
                LOG.warn("bootstrap trigger without an AAS address, and none is known: ignored");
                return;
            }
            activationStore.setAasAddress(trigger.aasAddress().get());
            startClient(stateDir.identity());
            return;
        }
        trigger.aasAddress().ifPresent(address -> {
            LwM2mObjectEnabler security = c.getObjectTree().getObjectEnabler(LwM2mId.SECURITY);
            ReadResponse r = security.read(LwM2mServer.SYSTEM, new ReadRequest(LwM2mId.SECURITY));
            if (r.isSuccess() && r.getContent() instanceof LwM2mObject o) {
                for (LwM2mObjectInstance i : o.getInstances().values()) {
                    LwM2mResource isBootstrap = i.getResource(1);
                    if (isBootstrap != null && Boolean.TRUE.equals(isBootstrap.getValue())) {
                        security.write(LwM2mServer.SYSTEM, new WriteRequest(LwM2mId.SECURITY, i.getId(), 0, address));
                    }
                }
            }
            activationStore.setAasAddress(address);
        });
        if (!c.triggerClientInitiatedBootstrap(true)) {
            LOG.warn("bootstrap trigger ignored: a bootstrap is already running");
        }
    }

    /** Restarts the LwM2M client over the new bearer and waits for the registration. */
    private boolean reconnect(Bearer bearer, Duration timeout) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        registration.set(latch);
        LOG.info("re-registering over {} (IMSI {})", bearer.plmn(), bearer.imsi());
        setState(TerminalState.REGISTERING);
        client.stop(false);
        client.start();
        boolean ok = latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ok) {
            LOG.warn("no registration over {} within {}", bearer.plmn(), timeout);
        }
        return ok;
    }

    private void recoverConnectivity() {
        if (stopping) {
            return;
        }
        setState(TerminalState.ATTACHING);
        Optional<AttachOutcome.Attached> a;
        try {
            a = profileSwitch.connect();
        } catch (RuntimeException e) {
            // e.g. the remote access network went away; keep trying like a modem would.
            LOG.warn("attach failed: {}", e.getMessage());
            a = Optional.empty();
        }
        if (a.isEmpty()) {
            setState(TerminalState.NO_SERVICE);
            LOG.warn("no service; retrying in {}", options.retryInterval);
            control.schedule(this::recoverConnectivity, options.retryInterval.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        try {
            reconnect(a.get().bearer(), options.rollbackTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the terminal is registered (again, after a restart of the client). */
    public boolean awaitRegistered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateLock) {
            while (state != TerminalState.REGISTERED) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(stateLock, left);
            }
            return true;
        }
    }

    /** Stops the client (deregistering if possible) and detaches. Idempotent. */
    public synchronized void stop() {
        stopping = true;
        if (client != null) {
            LOG.info("terminal {} stopping", stateDir.identity().endpoint());
            client.destroy(true);
            client = null;
        }
        if (modem != null) {
            modem.close();
        }
        if (control != null) {
            control.shutdownNow();
        }
        setState(TerminalState.STOPPED);
    }

    @Override
    public void close() {
        stop();
    }

    public TerminalState state() {
        synchronized (stateLock) {
            return state;
        }
    }

    private void setState(TerminalState s) {
        synchronized (stateLock) {
            if (state == s) {
                return;
            }
            state = s;
            stateLock.notifyAll();
        }
        listeners.forEach(l -> l.stateChanged(s));
    }

    public String endpoint() {
        return stateDir != null ? stateDir.identity().endpoint() : "";
    }

    /** The profile in use (on trial during a switch). */
    public Optional<StoredProfile> currentProfile() {
        return profileService == null ? Optional.empty() : profileService.active();
    }

    public Selection selection() {
        return profileStore.selection();
    }

    public List<StoredProfile> profiles() {
        return profileStore.profiles();
    }

    public Optional<Bearer> bearer() {
        return modem == null ? Optional.empty() : modem.bearer();
    }

    /**
     * Switches to an installed profile (as 504 "enable" does) on the terminal's control thread.
     *
     * @throws IllegalStateException if the terminal is not started
     */
    public java.util.concurrent.CompletableFuture<SwitchOutcome> switchTo(Iccid iccid) {
        if (profileService == null || client == null) {
            throw new IllegalStateException("terminal not started");
        }
        return profileService.enable(iccid);
    }

    /** The underlying Leshan client (for advanced use and tests), null when stopped. */
    public LeshanClient leshanClient() {
        return client;
    }
}
