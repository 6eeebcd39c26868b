package org.m2mdm.server.lwm2m;

import java.net.InetAddress;
import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.m2mdm.envelope.EnvelopeOpener;
import org.m2mdm.envelope.EnvelopeRejectedException;
import org.m2mdm.envelope.OpenedEnvelope;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.replay.InMemoryReplayGuard;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.mo.ApplicationParametersResources;
import org.m2mdm.mo.Models;
import org.m2mdm.mo.payload.AppParametersPayload;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.RspResources;
import org.m2mdm.mo.SimProvisioningResources;
import org.m2mdm.mo.payload.UsimProfilePayload;

/**
 * A minimal terminal for server tests: a real Leshan client that bootstraps from the AAS with its X.509 device
 * certificate and registers with the management servers it is given, plus tiny test enablers for 32770 (trust
 * policy), 505 (opens usim-profile envelopes with EnvelopeOpener) and 504 (install / enable with an optional delay).
 * It is NOT the dm-client terminal; it only does what the server tests need to observe.
 */
public final class TestTerminal implements AutoCloseable {
    public final DeviceIdentity identity;
    public final LeshanClient client;
    public final CountDownLatch bootstrapped = new CountDownLatch(1);
    public final AtomicInteger registrations = new AtomicInteger();
    /** Envelopes this terminal accepted (opened successfully); must never exceed the deliveries asked for. */
    public final AtomicInteger acceptedEnvelopes = new AtomicInteger();
    public final List<String> rejections = new CopyOnWriteArrayList<>();
    public final List<Long> acceptedSequences = new CopyOnWriteArrayList<>();
    public final List<String> switches = new CopyOnWriteArrayList<>();
    public volatile byte[] trustPolicy;
    public volatile String aasAddress;
    /** How long an enable takes before it commits (the real terminal re-attaches meanwhile). */
    public volatile Duration switchDelay = Duration.ofMillis(200);
    /** ICCIDs whose switch the terminal rolls back (the "network rejects the new USIM" case). */
    public final Set<String> rollBackIccids = ConcurrentHashMap.newKeySet();
    /** The next N installs hang longer than the server waits (a lost answer) and install nothing. */
    public final AtomicInteger stalledInstalls = new AtomicInteger();

    private final InMemoryReplayGuard replayGuard = new InMemoryReplayGuard();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-terminal-timer");
        t.setDaemon(true);
        return t;
    });
    private final Rsp rsp = new Rsp();
    private final SimProvisioning sim = new SimProvisioning();

    public TestTerminal(DeviceIdentity identity, URI aasUri, X509Certificate aasCertificate, String initialIccid) {
        this(identity, aasUri, aasCertificate, initialIccid, false);
    }

    /** @param queueMode register in LwM2M queue mode (the device sleeps between updates) */
    public TestTerminal(DeviceIdentity identity, URI aasUri, X509Certificate aasCertificate, String initialIccid,
            boolean queueMode) {
        this.identity = identity;
        rsp.iccids.add(initialIccid);
        List<ObjectModel> models = Models.all();
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(models));
        try {
            init.setInstancesForObject(LwM2mId.SECURITY, Security.x509Bootstrap(aasUri.toString(),
                    identity.certificate().getEncoded(), identity.keyPair().getPrivate().getEncoded(),
                    aasCertificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        init.setClassForObject(LwM2mId.SERVER, Server.class);
        init.setInstancesForObject(LwM2mId.DEVICE, new Device("m2mdm-test", "terminal", identity.endpoint()));
        Activation activation = new Activation();
        init.setInstancesForObject(ObjectIds.APPLICATION_ACTIVATION, activation);
        init.setInstancesForObject(ObjectIds.SIM_PROVISIONING, sim);
        init.setInstancesForObject(ObjectIds.RSP, rsp);
        // one fixed instance each: "creating" one hands out that instance
        init.setFactoryForObject(ObjectIds.APPLICATION_ACTIVATION, (model, id, used) -> activation);
        init.setFactoryForObject(ObjectIds.SIM_PROVISIONING, (model, id, used) -> sim);
        init.setFactoryForObject(ObjectIds.RSP, (model, id, used) -> rsp);
        init.setFactoryForObject(ObjectIds.APPLICATION_PARAMETERS, new BaseInstanceEnablerFactory() {
            @Override
            public LwM2mInstanceEnabler create() {
                return new AppParams();
            }
        });

        CaliforniumClientEndpointsProvider.Builder eb = new CaliforniumClientEndpointsProvider.Builder(
                new CoapClientProtocolProvider(), new CoapsClientProtocolProvider());
        Configuration cfg = eb.createDefaultConfiguration();
        cfg.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 256 * 1024);
        cfg.set(CoapConfig.ACK_TIMEOUT, 1, TimeUnit.SECONDS);
        cfg.set(CoapConfig.MAX_RETRANSMIT, 2);
        cfg.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 1, TimeUnit.SECONDS);
        // a server that restarted forgot our DTLS session: start a fresh handshake after a quiet second
        cfg.set(DtlsConfig.DTLS_AUTO_HANDSHAKE_TIMEOUT, 1, TimeUnit.SECONDS);
        eb.setConfiguration(cfg);
        eb.setClientAddress(InetAddress.getLoopbackAddress());

        LeshanClientBuilder cb = new LeshanClientBuilder(identity.endpoint());
        cb.setObjects(init.createAll());
        cb.setEndpointsProviders(eb.build());
        if (queueMode) {
            cb.setRegistrationEngineFactory(new DefaultRegistrationEngineFactory().setQueueMode(true));
        }
        this.client = cb.build();
        client.addObserver(new LwM2mClientObserverAdapter() {
            @Override
            public void onBootstrapSuccess(LwM2mServer bsserver, BootstrapRequest request) {
                bootstrapped.countDown();
            }

            @Override
            public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationID) {
                registrations.incrementAndGet();
            }
        });
    }

    public void start() {
        client.start();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        client.destroy(false);
    }

    /** The ICCIDs installed, the active one first. */
    public List<String> iccids() {
        synchronized (rsp) {
            return List.copyOf(rsp.iccids);
        }
    }

    public String activeIccid() {
        return iccids().get(0);
    }

    private EnvelopeOpener opener() {
        if (trustPolicy == null) {
            throw new IllegalStateException("no trust policy yet");
        }
        return EnvelopeOpener.builder().deviceKey(identity.keyPair().getPrivate()).deviceId(identity.endpoint())
                .trustPolicy(TrustPolicy.decode(trustPolicy)).replayGuard(replayGuard).build();
    }

    /** 32770: keeps the AAS address and trust policy the AAS writes. */
    public final class Activation extends BaseInstanceEnabler {
        public Activation() {
            super(0);
        }

        @Override
        public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
            if (resourceId == 0) {
                aasAddress = (String) value.getValue();
            } else if (resourceId == 1) {
                trustPolicy = (byte[]) value.getValue();
            }
            return WriteResponse.success();
        }

        @Override
        public ReadResponse read(LwM2mServer server, int resourceId) {
            if (resourceId == 0 && aasAddress != null) {
                return ReadResponse.success(0, aasAddress);
            }
            return ReadResponse.notFound();
        }

        @Override
        public void reset(int resourceId) {
        }

        @Override
        public List<Integer> getAvailableResourceIds(ObjectModel model) {
            return List.of(0);
        }
    }

    /** 505: opens the usim-profile envelope; Downloaded until 504 installs it. */
    public final class SimProvisioning extends BaseInstanceEnabler {
        volatile UsimProfilePayload downloaded;
        volatile int state = SimProvisioningResources.STATE_IDLE;
        volatile int result = SimProvisioningResources.RESULT_INITIAL;

        public SimProvisioning() {
            super(0);
        }

        @Override
        public synchronized WriteResponse write(LwM2mServer server, boolean replace, int resourceId,
                LwM2mResource value) {
            if (resourceId != SimProvisioningResources.PROFILE_PACKAGE) {
                return WriteResponse.methodNotAllowed();
            }
            try {
                OpenedEnvelope opened = opener().open((byte[]) value.getValue());
                if (opened.type() != PayloadType.USIM_PROFILE) {
                    result = SimProvisioningResources.RESULT_UNSUPPORTED_PACKAGE;
                    return WriteResponse.badRequest("wrong payload type");
                }
                downloaded = UsimProfilePayload.decode(opened.payload());
                acceptedEnvelopes.incrementAndGet();
                acceptedSequences.add(opened.sequence());
                state = SimProvisioningResources.STATE_DOWNLOADED;
                result = SimProvisioningResources.RESULT_INITIAL;
                return WriteResponse.success();
            } catch (EnvelopeRejectedException e) {
                rejections.add(e.reason().name());
                result = SimProvisioningResources.RESULT_INTEGRITY_FAILURE;
                return new WriteResponse(org.eclipse.leshan.core.ResponseCode.FORBIDDEN, e.reason().name());
            }
        }

        @Override
        public ReadResponse read(LwM2mServer server, int resourceId) {
            return switch (resourceId) {
            case SimProvisioningResources.UPDATE_STATE -> ReadResponse.success(resourceId, state);
            case SimProvisioningResources.UPDATE_RESULT -> ReadResponse.success(resourceId, result);
            default -> ReadResponse.notFound();
            };
        }

        @Override
        public List<Integer> getAvailableResourceIds(ObjectModel model) {
            return List.of(SimProvisioningResources.UPDATE_STATE, SimProvisioningResources.UPDATE_RESULT);
        }
    }

    /** 32771: one instance per application; resource 6 takes an app-params envelope. */
    public final class AppParams extends BaseInstanceEnabler {
        volatile AppParametersPayload params;
        volatile int result = ApplicationParametersResources.RESULT_NONE;
        volatile String reason = "";

        @Override
        public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
            if (resourceId != ApplicationParametersResources.PARAMETERS_ENVELOPE) {
                return WriteResponse.methodNotAllowed();
            }
            try {
                OpenedEnvelope opened = opener().open((byte[]) value.getValue());
                if (opened.type() != PayloadType.APP_PARAMS) {
                    result = ApplicationParametersResources.RESULT_REJECTED_PAYLOAD;
                    return WriteResponse.badRequest("wrong payload type");
                }
                params = AppParametersPayload.decode(opened.payload());
                acceptedEnvelopes.incrementAndGet();
                acceptedSequences.add(opened.sequence());
                result = ApplicationParametersResources.RESULT_ACCEPTED;
                reason = "";
                return WriteResponse.success();
            } catch (EnvelopeRejectedException e) {
                rejections.add(e.reason().name());
                result = ApplicationParametersResources.RESULT_REJECTED_ENVELOPE;
                reason = e.reason().name();
                return new WriteResponse(org.eclipse.leshan.core.ResponseCode.FORBIDDEN, e.reason().name());
            }
        }

        @Override
        public ReadResponse read(LwM2mServer server, int resourceId) {
            AppParametersPayload p = params;
            switch (resourceId) {
            case ApplicationParametersResources.APPLICATION_ID:
                return p == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, p.applicationId());
            case ApplicationParametersResources.VERSION:
                return p == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, p.version());
            case ApplicationParametersResources.PARAMETERS:
                if (p == null) {
                    return ReadResponse.notFound();
                }
                Map<Integer, String> m = new TreeMap<>();
                List<String> lines = p.parameterLines();
                for (int i = 0; i < lines.size(); i++) {
                    m.put(i, lines.get(i));
                }
                return ReadResponse.success(resourceId, m, Type.STRING);
            case ApplicationParametersResources.UPDATE_RESULT:
                return ReadResponse.success(resourceId, result);
            case ApplicationParametersResources.REJECTION_REASON:
                return ReadResponse.success(resourceId, reason);
            default:
                return ReadResponse.notFound();
            }
        }

        @Override
        public void reset(int resourceId) {
        }
    }

    /** The parameters the terminal holds for an application, or null. */
    public AppParametersPayload appParameters(String applicationId) {
        for (LwM2mInstanceEnabler i : appInstances()) {
            AppParametersPayload p = ((AppParams) i).params;
            if (p != null && p.applicationId().equals(applicationId)) {
                return p;
            }
        }
        return null;
    }

    private java.util.Collection<LwM2mInstanceEnabler> appInstances() {
        org.eclipse.leshan.client.resource.ObjectEnabler e = (org.eclipse.leshan.client.resource.ObjectEnabler) client
                .getObjectTree().getObjectEnabler(ObjectIds.APPLICATION_PARAMETERS);
        List<LwM2mInstanceEnabler> out = new ArrayList<>();
        for (Integer id : e.getAvailableInstanceIds()) {
            out.add(e.getInstance(id));
        }
        return out;
    }

    /** 504: installs what 505 downloaded and switches (after {@link #switchDelay}) or rolls back. */
    public final class Rsp extends BaseInstanceEnabler {
        final List<String> iccids = new ArrayList<>();
        volatile String selected;
        volatile int state = RspResources.STATE_IDLE;
        volatile int result = RspResources.RESULT_INITIAL;

        public Rsp() {
            super(0);
        }

        @Override
        public ReadResponse read(LwM2mServer server, int resourceId) {
            switch (resourceId) {
            case RspResources.RSP_UPDATE_STATE:
                return ReadResponse.success(resourceId, state);
            case RspResources.RSP_UPDATE_RESULT:
                return ReadResponse.success(resourceId, result);
            case RspResources.SELECTED_ICCID:
                return selected == null ? ReadResponse.notFound() : ReadResponse.success(resourceId, selected);
            case RspResources.ICCID:
                Map<Integer, String> m = new TreeMap<>();
                synchronized (this) {
                    for (int i = 0; i < iccids.size(); i++) {
                        m.put(i, iccids.get(i));
                    }
                }
                return ReadResponse.success(resourceId, m, Type.STRING);
            default:
                return ReadResponse.notFound();
            }
        }

        @Override
        public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
            if (resourceId != RspResources.SELECTED_ICCID) {
                return WriteResponse.methodNotAllowed();
            }
            String iccid = (String) value.getValue();
            synchronized (this) {
                if (!iccids.contains(iccid)) {
                    return WriteResponse.notFound();
                }
            }
            selected = iccid;
            return WriteResponse.success();
        }

        @Override
        public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
            if (arguments.hasDigit(RspResources.ACTION_DOWNLOAD_AND_INSTALL)
                    && stalledInstalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                try {
                    Thread.sleep(4000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ExecuteResponse.internalServerError("stalled");
            }
            return executeNow(resourceId, arguments);
        }

        private synchronized ExecuteResponse executeNow(int resourceId, Arguments arguments) {
            if (resourceId != RspResources.RSP_UPDATE || arguments.isEmpty()) {
                return ExecuteResponse.badRequest("RSP Update needs an action");
            }
            for (Integer action : arguments.getDigits()) {
                if (state != RspResources.STATE_IDLE) {
                    return ExecuteResponse.badRequest("an RSP action is already running");
                }
                if (action == RspResources.ACTION_DOWNLOAD_AND_INSTALL) {
                    // like the real terminal: installing runs in the background, 504 shows Installing meanwhile
                    state = RspResources.STATE_INSTALLING;
                    result = RspResources.RESULT_INITIAL;
                    timer.schedule(this::finishInstall, 100, TimeUnit.MILLISECONDS);
                } else if (action == RspResources.ACTION_ENABLE) {
                    String target = selected;
                    if (target == null || !iccids.contains(target)) {
                        return ExecuteResponse.badRequest("unknown Selected ICCID");
                    }
                    state = RspResources.STATE_ENABLING;
                    result = RspResources.RESULT_INITIAL;
                    timer.schedule(() -> finishSwitch(target), switchDelay.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    return ExecuteResponse.badRequest("unsupported action " + action);
                }
            }
            return ExecuteResponse.success();
        }

        private synchronized void finishInstall() {
            UsimProfilePayload p = sim.downloaded;
            if (p == null) {
                result = RspResources.RESULT_GENERIC_INSTALL_ERROR;
            } else {
                if (!iccids.contains(p.iccid())) {
                    iccids.add(p.iccid());
                }
                selected = p.iccid();
                sim.downloaded = null;
                sim.state = SimProvisioningResources.STATE_IDLE;
                sim.result = SimProvisioningResources.RESULT_SUCCESS;
                result = RspResources.RESULT_SUCCESS;
            }
            state = RspResources.STATE_IDLE;
        }

        private synchronized void finishSwitch(String target) {
            if (rollBackIccids.contains(target)) {
                result = RspResources.RESULT_ENABLE_FAILED;
                switches.add("rolled-back:" + target);
            } else {
                iccids.remove(target);
                iccids.add(0, target);
                result = RspResources.RESULT_SUCCESS;
                switches.add(target);
            }
            state = RspResources.STATE_IDLE;
            fireResourceChange(RspResources.RSP_UPDATE_STATE);
        }

        @Override
        public List<Integer> getAvailableResourceIds(ObjectModel model) {
            return List.of(RspResources.RSP_UPDATE_STATE, RspResources.RSP_UPDATE_RESULT, RspResources.ICCID,
                    RspResources.SELECTED_ICCID);
        }
    }
}
