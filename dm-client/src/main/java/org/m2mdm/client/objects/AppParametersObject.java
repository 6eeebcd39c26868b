package org.m2mdm.client.objects;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.DeleteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.m2mdm.envelope.EnvelopeRejectedException;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.mo.ApplicationParametersResources;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.payload.AppParametersPayload;
import org.m2mdm.mo.payload.PayloadFormatException;

/**
 * Application Parameters (32771): one instance per application. A server adds an application by
 * Create with resource 6 (the app-params envelope) — nothing is created if the envelope is refused —
 * or replaces one by writing resource 6 of its instance (the payload must name the same application).
 */
public final class AppParametersObject extends ObjectEnabler {
    private final AppParametersStore store;
    private final EnvelopeGate gate;
    private final Clock clock;

    public AppParametersObject(ObjectModel model, AppParametersStore store, EnvelopeGate gate, Clock clock) {
        super(ObjectIds.APPLICATION_PARAMETERS, model, new HashMap<>(), (m, id, used) -> {
            throw new UnsupportedOperationException("created only through doCreate");
        }, ContentFormat.DEFAULT);
        this.store = store;
        this.gate = gate;
        this.clock = clock;
        store.all().forEach((id, e) -> {
            Instance i = new Instance(id, e);
            i.setModel(model);
            instances.put(id, i);
            listenInstance(i, id);
        });
    }

    @Override
    protected CreateResponse doCreate(LwM2mServer server, CreateRequest request) {
        if (!request.unknownObjectInstanceId() && request.getObjectInstances().size() > 1) {
            return CreateResponse.badRequest("create one application at a time");
        }
        Integer requested = request.unknownObjectInstanceId() ? null : request.getObjectInstances().get(0).getId();
        List<LwM2mResource> resources = request.unknownObjectInstanceId() ? new ArrayList<>(request.getResources())
                : new ArrayList<>(request.getObjectInstances().get(0).getResources().values());
        LwM2mResource envelope = resources.stream()
                .filter(r -> r.getId() == ApplicationParametersResources.PARAMETERS_ENVELOPE).findFirst().orElse(null);
        if (envelope == null) {
            return CreateResponse.badRequest("create needs resource 6 (Parameters Envelope)");
        }
        synchronized (this) {
            int id = requested != null ? requested : nextId();
            if (instances.containsKey(id)) {
                return CreateResponse.badRequest("instance " + id + " already exists");
            }
            Instance fresh = new Instance(id, null);
            fresh.setModel(getObjectModel());
            fresh.setLwM2mClient(getLwm2mClient());
            WriteResponse w = fresh.write(server, true, ApplicationParametersResources.PARAMETERS_ENVELOPE, envelope);
            if (w.isFailure()) {
                return new CreateResponse(w.getCode(), null, w.getErrorMessage());
            }
            addInstance(id, fresh);
            return CreateResponse.success(new LwM2mPath(ObjectIds.APPLICATION_PARAMETERS, id).toString());
        }
    }

    private int nextId() {
        int id = 0;
        while (instances.containsKey(id)) {
            id++;
        }
        return id;
    }

    @Override
    protected DeleteResponse doDelete(LwM2mServer server, DeleteRequest request) {
        DeleteResponse r = super.doDelete(server, request);
        if (r.isSuccess()) {
            store.remove(request.getPath().getObjectInstanceId());
        }
        return r;
    }

    private final class Instance extends BaseInstanceEnabler {
        private AppParametersStore.Entry entry;
        private int result = ApplicationParametersResources.RESULT_NONE;
        private String reason = "";

        Instance(int id, AppParametersStore.Entry entry) {
            super(id);
            this.entry = entry;
            if (entry != null) {
                result = ApplicationParametersResources.RESULT_ACCEPTED;
            }
        }

        @Override
        public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
            AppParametersPayload p = entry == null ? null : entry.payload();
            return switch (resourceId) {
            case ApplicationParametersResources.APPLICATION_ID -> ReadResponse.success(resourceId, p == null ? "" : p.applicationId());
            case ApplicationParametersResources.VERSION -> ReadResponse.success(resourceId, p == null ? "" : p.version());
            case ApplicationParametersResources.SERVER_URIS -> ReadResponse.success(resourceId,
                    indexed(p == null ? List.of() : p.serverUris()), Type.STRING);
            case ApplicationParametersResources.PARAMETERS -> ReadResponse.success(resourceId,
                    indexed(p == null ? List.of() : p.parameterLines()), Type.STRING);
            case ApplicationParametersResources.UPDATE_RESULT -> ReadResponse.success(resourceId, (long) result);
            case ApplicationParametersResources.UPDATED_AT -> entry == null ? ReadResponse.notFound()
                    : ReadResponse.success(resourceId, Date.from(entry.updatedAt()));
            case ApplicationParametersResources.REJECTION_REASON -> ReadResponse.success(resourceId, reason);
            default -> ReadResponse.notFound();
            };
        }

        @Override
        public synchronized WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
            if (resourceId != ApplicationParametersResources.PARAMETERS_ENVELOPE) {
                return WriteResponse.methodNotAllowed();
            }
            if (!(value.getValue() instanceof byte[] bytes)) {
                return WriteResponse.badRequest("Parameters Envelope must be opaque");
            }
            AppParametersPayload payload;
            try {
                payload = AppParametersPayload.decode(gate.open(bytes, PayloadType.APP_PARAMS).payload());
            } catch (EnvelopeRejectedException e) {
                refuse(ApplicationParametersResources.RESULT_REJECTED_ENVELOPE, e.reason().name());
                return new WriteResponse(Rejections.coapCode(e.reason()), e.reason().name());
            } catch (PayloadFormatException e) {
                gate.payloadRefused(PayloadType.APP_PARAMS, e.getMessage());
                refuse(ApplicationParametersResources.RESULT_REJECTED_PAYLOAD, "PAYLOAD_FORMAT");
                return WriteResponse.badRequest("app-params payload: " + e.getMessage());
            }
            if (entry != null && !entry.payload().applicationId().equals(payload.applicationId())) {
                gate.payloadRefused(PayloadType.APP_PARAMS, "instance " + getId() + " holds " + entry.payload().applicationId());
                refuse(ApplicationParametersResources.RESULT_REJECTED_PAYLOAD, "APPLICATION_MISMATCH");
                return new WriteResponse(ResponseCode.BAD_REQUEST, "instance " + getId() + " holds application "
                        + entry.payload().applicationId() + ", not " + payload.applicationId());
            }
            AppParametersStore.Entry e = new AppParametersStore.Entry(payload, Instant.now(clock));
            store.put(getId(), e);
            entry = e;
            result = ApplicationParametersResources.RESULT_ACCEPTED;
            reason = "";
            fireResourcesChange(getResourcePath(0), getResourcePath(1), getResourcePath(2), getResourcePath(3),
                    getResourcePath(4), getResourcePath(5), getResourcePath(7));
            return WriteResponse.success();
        }

        private void refuse(int code, String why) {
            result = code;
            reason = why;
            fireResourcesChange(getResourcePath(ApplicationParametersResources.UPDATE_RESULT),
                    getResourcePath(ApplicationParametersResources.REJECTION_REASON));
        }

        @Override
        public WriteResponse write(LwM2mServer server, boolean replace, LwM2mObjectInstance value) {
            LwM2mResource env = value.getResource(ApplicationParametersResources.PARAMETERS_ENVELOPE);
            if (env == null) {
                return WriteResponse.badRequest("write resource 6 (Parameters Envelope)");
            }
            return write(server, replace, ApplicationParametersResources.PARAMETERS_ENVELOPE, env);
        }

        private Map<Integer, String> indexed(List<String> values) {
            Map<Integer, String> m = new HashMap<>();
            for (int i = 0; i < values.size(); i++) {
                m.put(i, values.get(i));
            }
            return m;
        }
    }
}
