package org.m2mdm.server.apps;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.WriteRequest.Mode;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.m2mdm.envelope.EnvelopeSealer;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.mo.ApplicationParametersResources;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.payload.AppParametersPayload;
import org.m2mdm.server.jobs.JobAudit;
import org.m2mdm.server.jobs.JobExecution;
import org.m2mdm.server.jobs.JobHandler;
import org.m2mdm.server.jobs.JobOutcome;
import org.m2mdm.server.jobs.JobType;
import org.m2mdm.server.lwm2m.DeviceCertificates;
import org.m2mdm.server.lwm2m.DeviceUnreachableException;
import org.m2mdm.server.lwm2m.ManagementServerNode;
import org.m2mdm.server.lwm2m.RegistrationDirectory;
import org.m2mdm.server.lwm2m.ResourceValues;
import org.m2mdm.server.lwm2m.ServerRole;
import org.m2mdm.server.store.AppParameterSet;
import org.m2mdm.server.store.AppParameterSetStore;
import org.m2mdm.server.store.AuditLog;
import org.m2mdm.server.store.DeviceState;
import org.m2mdm.server.store.DeviceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application management server role: writes {@code app-params} envelopes into the Application Parameters
 * object (32771) and offers generic read / write / execute / observe on any path. What is read or notified is merged
 * into the device's last-read object tree in the {@link DeviceStore} (for the API's "show device").
 */
public final class ApplicationManagementService {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationManagementService.class);

    private final RegistrationDirectory directory;
    private final EnvelopeSealer sealer;
    private final AppParameterSetStore parameterSets;
    private final DeviceStore devices;
    private final JobAudit audit;
    private final Clock clock;
    private final Duration envelopeLifetime;
    private final LwM2mModel model;

    private ApplicationManagementService(Builder b) {
        this.directory = Objects.requireNonNull(b.directory, "directory");
        this.sealer = b.sealer;
        this.parameterSets = Objects.requireNonNull(b.parameterSets, "appParameterSetStore");
        this.devices = Objects.requireNonNull(b.devices, "deviceStore");
        this.clock = b.clock;
        this.audit = new JobAudit(Objects.requireNonNull(b.audit, "auditLog"), clock, "app-server");
        this.envelopeLifetime = b.envelopeLifetime;
        this.model = new StaticModel(Objects.requireNonNull(b.models, "models"));
        for (ManagementServerNode node : directory.nodes()) {
            node.leshan().getObservationService().addListener(new TreeUpdater());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Handlers for WRITE_APP_PARAMETERS and the generic LWM2M_* job types. */
    public List<JobHandler> handlers() {
        return List.of(JobHandler.of(JobType.WRITE_APP_PARAMETERS, this::writeParameters),
                JobHandler.of(JobType.LWM2M_READ, ex -> outcome(read(ex.endpoint(), ex.requiredText("path")))),
                JobHandler.of(JobType.LWM2M_WRITE, ex -> outcome(write(ex.endpoint(), ex.requiredText("path"),
                        valueOf(ex.spec())))),
                JobHandler.of(JobType.LWM2M_EXECUTE, ex -> outcome(execute(ex.endpoint(), ex.requiredText("path"),
                        ex.spec().hasNonNull("arguments") ? ex.spec().get("arguments").asText() : null))),
                JobHandler.of(JobType.LWM2M_OBSERVE, ex -> outcome(observe(ex.endpoint(), ex.requiredText("path")))));
    }

    // ---- generic commands (synchronous; the API may call them directly or through jobs) ----

    /** Reads a path and merges the result into the device's stored object tree. */
    public CommandResult read(String endpoint, String path) throws DeviceUnreachableException, InterruptedException {
        LwM2mPath p = parsePath(path);
        ReadResponse r = node(endpoint).send(endpoint, new ReadRequest(path));
        if (r.isSuccess()) {
            remember(endpoint, p, r.getContent());
        }
        return result(r, r.isSuccess() ? ObjectTree.toJson(r.getContent()) : null, "read " + path);
    }

    /**
     * Writes one resource; {@code value} is converted to the resource's type from the model (text, number,
     * boolean, {@code {"base64":..}} for opaque, ISO instant or epoch seconds for time, "obj:inst" for links).
     */
    public CommandResult write(String endpoint, String path, JsonNode value)
            throws DeviceUnreachableException, InterruptedException {
        LwM2mPath p = parsePath(path);
        if (!p.isResource()) {
            throw new IllegalArgumentException("write needs a resource path /object/instance/resource, got " + path);
        }
        ResourceModel rm = model.getResourceModel(p.getObjectId(), p.getResourceId());
        if (rm == null) {
            throw new IllegalArgumentException("unknown resource " + path);
        }
        if (rm.multiple) {
            throw new IllegalArgumentException("resource " + path + " is a multiple resource; write one instance");
        }
        LwM2mSingleResource res = LwM2mSingleResource.newResource(p.getResourceId(), convert(value, rm), rm.type);
        WriteResponse w = node(endpoint).send(endpoint,
                new WriteRequest(Mode.REPLACE, ContentFormat.TLV, new LwM2mPath(p.getObjectId(),
                        p.getObjectInstanceId(), p.getResourceId()), res));
        return result(w, null, "write " + path);
    }

    /** Executes a resource with optional arguments (LwM2M syntax, e.g. {@code 0='a',1}). */
    public CommandResult execute(String endpoint, String path, String arguments)
            throws DeviceUnreachableException, InterruptedException {
        LwM2mPath p = parsePath(path);
        if (!p.isResource()) {
            throw new IllegalArgumentException("execute needs a resource path, got " + path);
        }
        ExecuteResponse e = node(endpoint).send(endpoint,
                arguments == null ? new ExecuteRequest(path) : new ExecuteRequest(path, arguments));
        return result(e, null, "execute " + path);
    }

    /** Starts observing a path; the first value and every notification go into the stored tree. */
    public CommandResult observe(String endpoint, String path) throws DeviceUnreachableException, InterruptedException {
        LwM2mPath p = parsePath(path);
        ObserveResponse o = node(endpoint).send(endpoint, new ObserveRequest(path));
        if (o.isSuccess()) {
            remember(endpoint, p, o.getContent());
        }
        return result(o, o.isSuccess() ? ObjectTree.toJson(o.getContent()) : null, "observe " + path);
    }

    // ---- application parameters ----

    JobOutcome writeParameters(JobExecution ex) throws DeviceUnreachableException, InterruptedException {
        JobOutcome outcome = writeParametersOnce(ex);
        if (outcome instanceof JobOutcome.Succeeded) {
            markReady(ex.endpoint());
        }
        return outcome;
    }

    /** Application parameters in place: the device is certainly ACTIVE (even without a registration listener). */
    private void markReady(String endpoint) {
        try {
            devices.locate(endpoint).ifPresent(d -> {
                if (d.state() == DeviceState.PROVISIONED || d.state() == DeviceState.BOOTSTRAPPED) {
                    devices.transition(d.tenantId(), d.id(), java.util.Set.of(DeviceState.PROVISIONED,
                            DeviceState.BOOTSTRAPPED), DeviceState.ACTIVE);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("could not mark {} ready: {}", endpoint, e.toString());
        }
    }

    private JobOutcome writeParametersOnce(JobExecution ex) throws DeviceUnreachableException, InterruptedException {
        if (sealer == null) {
            return JobOutcome.failed("this application management server has no signing identity");
        }
        String endpoint = ex.endpoint();
        String setId = ex.requiredText("parameterSetId");
        Optional<AppParameterSet> found = parameterSets.find(ex.tenantId(), setId);
        if (found.isEmpty()) {
            return JobOutcome.failed("unknown application parameter set " + setId);
        }
        AppParameterSet set = found.get();
        ManagementServerNode node = node(endpoint);

        // which instance holds this application (if any) and is it already at this version?
        Integer instance = null;
        ReadResponse all = node.send(endpoint, new ReadRequest(ObjectIds.APPLICATION_PARAMETERS));
        if (all.isSuccess() && all.getContent() instanceof LwM2mObject obj) {
            for (LwM2mObjectInstance i : obj.getInstances().values()) {
                if (set.appId().equals(ResourceValues.string(i, ApplicationParametersResources.APPLICATION_ID))) {
                    instance = i.getId();
                    if (set.version().equals(ResourceValues.string(i, ApplicationParametersResources.VERSION))) {
                        remember(endpoint, new LwM2mPath(ObjectIds.APPLICATION_PARAMETERS), obj);
                        return JobOutcome.succeeded(set.appId() + " " + set.version() + " is in place");
                    }
                }
            }
        }
        Optional<X509Certificate> cert = DeviceCertificates.forSealing(devices, endpoint);
        if (cert.isEmpty()) {
            return JobOutcome.failed(DeviceCertificates.missing(endpoint));
        }
        long sequence = ex.reserveSequence();
        byte[] payload = new AppParametersPayload(set.appId(), set.version(), set.serverUris(), set.parameters())
                .encode();
        byte[] envelope = sealer.seal(payload, PayloadType.APP_PARAMS, cert.get(), sequence, envelopeLifetime);

        LwM2mResponse response;
        if (instance == null) {
            CreateResponse c = node.send(endpoint, new CreateRequest(ContentFormat.TLV,
                    ObjectIds.APPLICATION_PARAMETERS, LwM2mSingleResource.newBinaryResource(
                            ApplicationParametersResources.PARAMETERS_ENVELOPE, envelope)));
            response = c;
            if (c.isSuccess() && c.getLocation() != null) {
                instance = instanceFromLocation(c.getLocation());
            }
        } else {
            response = node.send(endpoint, new WriteRequest(ContentFormat.OPAQUE, ObjectIds.APPLICATION_PARAMETERS,
                    instance, ApplicationParametersResources.PARAMETERS_ENVELOPE, envelope));
        }
        audit.record(ex, "apps.envelope.write", response.isSuccess() ? "OK" : "REJECTED",
                set.appId() + " " + set.version() + ", sequence " + sequence + " → " + response.getCode());
        if (instance == null) {
            return JobOutcome.failed("device did not accept the app-params envelope (" + response.getCode()
                    + errorOf(response) + ")");
        }
        ReadResponse back = node.send(endpoint, new ReadRequest(ObjectIds.APPLICATION_PARAMETERS, instance));
        if (back.isSuccess() && back.getContent() instanceof LwM2mObjectInstance i) {
            remember(endpoint, new LwM2mPath(ObjectIds.APPLICATION_PARAMETERS, instance), i);
            boolean applied = set.version().equals(ResourceValues.string(i, ApplicationParametersResources.VERSION))
                    && set.appId().equals(ResourceValues.string(i, ApplicationParametersResources.APPLICATION_ID));
            if (applied) {
                return JobOutcome.succeeded(set.appId() + " " + set.version() + " written to /"
                        + ObjectIds.APPLICATION_PARAMETERS + "/" + instance);
            }
            String reason = ResourceValues.string(i, ApplicationParametersResources.REJECTION_REASON);
            return JobOutcome.failed("device rejected the app-params envelope (" + response.getCode() + ", result "
                    + ResourceValues.integer(i, ApplicationParametersResources.UPDATE_RESULT, -1)
                    + (reason == null || reason.isEmpty() ? "" : ", " + reason) + ")");
        }
        return response.isSuccess() ? JobOutcome.retry("cannot read back /" + ObjectIds.APPLICATION_PARAMETERS + "/"
                + instance + ": " + back.getCode())
                : JobOutcome.failed("device rejected the app-params envelope (" + response.getCode()
                        + errorOf(response) + ")");
    }

    private static String errorOf(LwM2mResponse r) {
        return r.getErrorMessage() == null ? "" : ", " + r.getErrorMessage();
    }

    private static Integer instanceFromLocation(String location) {
        String[] parts = location.split("/");
        try {
            return Integer.valueOf(parts[parts.length - 1]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- helpers ----

    private ManagementServerNode node(String endpoint) throws DeviceUnreachableException {
        for (ServerRole role : new ServerRole[] { ServerRole.APPLICATION, ServerRole.USIM }) {
            for (ManagementServerNode n : directory.nodes()) {
                if (n.serves(role) && n.registration(endpoint).isPresent()) {
                    return n;
                }
            }
        }
        if (directory.node(ServerRole.APPLICATION).isEmpty()) {
            throw new DeviceUnreachableException("no application management server runs in this process", false);
        }
        throw new DeviceUnreachableException(endpoint + " is not registered", false);
    }

    private static LwM2mPath parsePath(String path) {
        try {
            LwM2mPath p = new LwM2mPath(path);
            if (p.isRoot()) {
                throw new IllegalArgumentException("path must name at least an object: " + path);
            }
            return p;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid LwM2M path '" + path + "': " + e.getMessage());
        }
    }

    private void remember(String endpoint, LwM2mPath path, LwM2mNode content) {
        try {
            devices.locate(endpoint).ifPresent(d -> {
                ObjectNode tree = ObjectTree.merge(ObjectTree.parse(d.objectTreeJson()), path, content);
                devices.recordObjectTree(d.tenantId(), d.id(), ObjectTree.toJson(tree), clock.instant());
            });
        } catch (RuntimeException e) {
            LOG.warn("could not store object tree of {}: {}", endpoint, e.toString());
        }
    }

    private static CommandResult result(LwM2mResponse r, JsonNode content, String what) {
        String detail = what + " → " + r.getCode() + (r.getErrorMessage() == null ? "" : ": " + r.getErrorMessage());
        return new CommandResult(r.isSuccess(), r.getCode().getName(), content, detail);
    }

    private static JobOutcome outcome(CommandResult r) {
        return r.success() ? JobOutcome.succeeded(r.detail()) : JobOutcome.failed(r.detail());
    }

    private static JsonNode valueOf(JsonNode spec) {
        if (spec.has("base64")) {
            return spec.get("base64").isTextual() ? spec : null;
        }
        if (!spec.has("value")) {
            throw new IllegalArgumentException("write job spec needs 'value' (or 'base64' for opaque)");
        }
        return spec.get("value");
    }

    static Object convert(JsonNode v, ResourceModel rm) {
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("a value is required for " + rm.name);
        }
        try {
            return switch (rm.type) {
            case STRING -> v.asText();
            case INTEGER -> {
                if (!v.canConvertToLong() && !v.isTextual()) {
                    throw new IllegalArgumentException("not an integer");
                }
                yield v.isTextual() ? Long.parseLong(v.asText()) : v.asLong();
            }
            case UNSIGNED_INTEGER -> ULong.valueOf(v.asText());
            case FLOAT -> v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
            case BOOLEAN -> {
                if (v.isBoolean()) {
                    yield v.asBoolean();
                }
                String t = v.asText();
                if (!t.equals("true") && !t.equals("false")) {
                    throw new IllegalArgumentException("not a boolean");
                }
                yield Boolean.parseBoolean(t);
            }
            case OPAQUE -> Base64.getDecoder().decode(v.has("base64") ? v.get("base64").asText() : v.asText());
            case TIME -> v.isNumber() ? new Date(v.asLong() * 1000) : Date.from(Instant.parse(v.asText()));
            case OBJLNK -> {
                String[] parts = v.asText().split(":");
                yield new ObjectLink(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
            default -> throw new IllegalArgumentException("writing " + rm.type + " resources is not supported");
            };
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException
                | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("value for " + rm.name + " (" + rm.type + ") is invalid: "
                    + e.getMessage());
        }
    }

    /** Keeps the stored tree current with notifications of observed paths. */
    private final class TreeUpdater implements ObservationListener {
        @Override
        public void newObservation(Observation observation, Registration registration) {
        }

        @Override
        public void cancelled(Observation observation) {
        }

        @Override
        public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
            if (response.isSuccess()) {
                remember(registration.getEndpoint(), observation.getPath(), response.getContent());
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

    /** Options; the sealer is only needed for WRITE_APP_PARAMETERS. */
    public static final class Builder {
        private RegistrationDirectory directory;
        private EnvelopeSealer sealer;
        private AppParameterSetStore parameterSets;
        private DeviceStore devices;
        private AuditLog audit;
        private Clock clock = Clock.systemUTC();
        private Duration envelopeLifetime = Duration.ofDays(1);
        private List<ObjectModel> models;

        /** Nodes must be added to the directory before build() so notifications are followed. */
        public Builder directory(RegistrationDirectory directory) {
            this.directory = directory;
            return this;
        }

        /** Sealer holding this server's APPLICATION_MANAGEMENT key and certificate chain. */
        public Builder sealer(EnvelopeSealer sealer) {
            this.sealer = sealer;
            return this;
        }

        public Builder appParameterSetStore(AppParameterSetStore store) {
            this.parameterSets = store;
            return this;
        }

        public Builder deviceStore(DeviceStore devices) {
            this.devices = devices;
            return this;
        }

        public Builder auditLog(AuditLog audit) {
            this.audit = audit;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder envelopeLifetime(Duration d) {
            this.envelopeLifetime = Objects.requireNonNull(d);
            return this;
        }

        /** Object models (Models.all()) used to type generic writes. */
        public Builder models(List<ObjectModel> models) {
            this.models = List.copyOf(models);
            return this;
        }

        public ApplicationManagementService build() {
            return new ApplicationManagementService(this);
        }
    }
}
