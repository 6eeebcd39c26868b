package org.m2mdm.client.objects;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.response.DeleteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.m2mdm.mo.ApnConnectionProfileResources;
import org.m2mdm.mo.ObjectIds;

/**
 * APN Connection Profile (11): servers create, write and delete APN profiles; 11/x/8 (Validity) limits
 * a profile to some networks. The secret (11/x/6) is write-only in practice: reads return "".
 */
public final class ApnProfileObject extends ObjectEnabler {
    private final ApnStore store;
    private final Runnable changed;

    public ApnProfileObject(ObjectModel model, ApnStore store, Runnable changed) {
        super(ObjectIds.APN_CONNECTION_PROFILE, model, new HashMap<>(), null, ContentFormat.DEFAULT);
        this.store = store;
        this.changed = changed;
        this.instanceFactory = (m, id, used) -> {
            int n = id != null ? id : 0;
            while (id == null && used.contains(n)) {
                n++;
            }
            Instance i = new Instance(n, new ApnStore.Apn("", "", true, 3, "", "", List.of()));
            i.setModel(m);
            return i;
        };
        store.all().forEach((id, a) -> {
            Instance i = new Instance(id, a);
            i.setModel(model);
            instances.put(id, i);
            listenInstance(i, id);
        });
    }

    /** Enabled APN instance ids valid on MCC/MNC (for 10/x/11). */
    public synchronized List<Integer> activeOn(String mcc, String mnc) {
        List<Integer> ids = new ArrayList<>();
        for (Map.Entry<Integer, LwM2mInstanceEnabler> e : instances.entrySet()) {
            ApnStore.Apn a = ((Instance) e.getValue()).apn;
            if (a.enabled() && a.validOn(mcc, mnc)) {
                ids.add(e.getKey());
            }
        }
        return ids;
    }

    @Override
    protected DeleteResponse doDelete(LwM2mServer server, DeleteRequest request) {
        DeleteResponse r = super.doDelete(server, request);
        if (r.isSuccess()) {
            store.remove(request.getPath().getObjectInstanceId());
            changed.run();
        }
        return r;
    }

    private final class Instance extends BaseInstanceEnabler {
        private ApnStore.Apn apn;

        Instance(int id, ApnStore.Apn apn) {
            super(id);
            this.apn = apn;
        }

        @Override
        public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
            return switch (resourceId) {
            case ApnConnectionProfileResources.PROFILE_NAME -> ReadResponse.success(resourceId, apn.name());
            case ApnConnectionProfileResources.APN -> ReadResponse.success(resourceId, apn.apn());
            case ApnConnectionProfileResources.ENABLE_STATUS -> ReadResponse.success(resourceId, apn.enabled());
            case ApnConnectionProfileResources.AUTHENTICATION_TYPE -> ReadResponse.success(resourceId, (long) apn.authType());
            case ApnConnectionProfileResources.USER_NAME -> ReadResponse.success(resourceId, apn.userName());
            case ApnConnectionProfileResources.SECRET -> ReadResponse.success(resourceId, "");
            case ApnConnectionProfileResources.VALIDITY -> {
                Map<Integer, String> m = new HashMap<>();
                for (int i = 0; i < apn.validity().size(); i++) {
                    m.put(i, apn.validity().get(i));
                }
                yield ReadResponse.success(resourceId, m, Type.STRING);
            }
            default -> ReadResponse.notFound();
            };
        }

        @Override
        public List<Integer> getAvailableResourceIds(ObjectModel model) {
            return List.of(0, 1, 3, 4, 5, 6, 8);
        }

        @Override
        public synchronized WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
            ApnStore.Apn a = apn;
            Object v = value.isMultiInstances() ? null : value.getValue();
            ApnStore.Apn n;
            switch (resourceId) {
            case ApnConnectionProfileResources.PROFILE_NAME -> n = new ApnStore.Apn(str(v), a.apn(), a.enabled(), a.authType(), a.userName(), a.secret(), a.validity());
            case ApnConnectionProfileResources.APN -> n = new ApnStore.Apn(a.name(), str(v), a.enabled(), a.authType(), a.userName(), a.secret(), a.validity());
            case ApnConnectionProfileResources.ENABLE_STATUS -> {
                if (!(v instanceof Boolean b)) {
                    return WriteResponse.badRequest("Enable status must be a boolean");
                }
                n = new ApnStore.Apn(a.name(), a.apn(), b, a.authType(), a.userName(), a.secret(), a.validity());
            }
            case ApnConnectionProfileResources.AUTHENTICATION_TYPE -> {
                if (!(v instanceof Long l) || l < 0 || l > 3) {
                    return WriteResponse.badRequest("Authentication Type must be 0..3");
                }
                n = new ApnStore.Apn(a.name(), a.apn(), a.enabled(), l.intValue(), a.userName(), a.secret(), a.validity());
            }
            case ApnConnectionProfileResources.USER_NAME -> n = new ApnStore.Apn(a.name(), a.apn(), a.enabled(), a.authType(), str(v), a.secret(), a.validity());
            case ApnConnectionProfileResources.SECRET -> n = new ApnStore.Apn(a.name(), a.apn(), a.enabled(), a.authType(), a.userName(), str(v), a.validity());
            case ApnConnectionProfileResources.VALIDITY -> {
                List<String> list = new ArrayList<>();
                if (value.isMultiInstances()) {
                    value.getInstances().values().forEach(i -> list.add(String.valueOf(i.getValue())));
                } else {
                    list.add(str(v));
                }
                for (String s : list) {
                    if (!s.trim().matches("[0-9]{3}[,-][0-9]{2,3}")) {
                        return WriteResponse.badRequest("Validity entries must be MCC,MNC e.g. 001,01");
                    }
                }
                n = new ApnStore.Apn(a.name(), a.apn(), a.enabled(), a.authType(), a.userName(), a.secret(), list);
            }
            default -> {
                return WriteResponse.methodNotAllowed();
            }
            }
            store.put(getId(), n);
            apn = n;
            fireResourceChange(resourceId);
            changed.run();
            return WriteResponse.success();
        }

        private String str(Object v) {
            return v == null ? "" : v.toString();
        }
    }
}
