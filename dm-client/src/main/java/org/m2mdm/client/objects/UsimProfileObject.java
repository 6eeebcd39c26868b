package org.m2mdm.client.objects;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.DeleteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.m2mdm.client.profiles.AttachRecord;
import org.m2mdm.client.profiles.ProfileService;
import org.m2mdm.client.profiles.Selection;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.UsimProfileResources;
import org.m2mdm.usim.Iccid;

/**
 * The USIM Profile object (32769): one instance per stored profile, kept in step with the profile
 * store. Read-only except the fallback attribute; profiles are created through 505 and deleted
 * through 504, so Create/Delete here are refused. K and OPc have no resource at all.
 */
public final class UsimProfileObject extends ObjectEnabler {
    private final ProfileService profiles;

    public UsimProfileObject(ObjectModel model, ProfileService profiles) {
        super(ObjectIds.USIM_PROFILE, model, new HashMap<>(), (m, id, used) -> {
            throw new UnsupportedOperationException("USIM profiles are installed through object 505");
        }, ContentFormat.DEFAULT);
        this.profiles = profiles;
        for (StoredProfile p : profiles.store().profiles()) {
            Instance i = new Instance(p.instanceId(), p.iccid());
            i.setModel(model);
            instances.put(p.instanceId(), i);
            listenInstance(i, p.instanceId());
        }
        profiles.addListener(this::refresh);
    }

    /** Adds/removes instances to match the store and notifies observers of changed resources. */
    public synchronized void refresh() {
        Map<Integer, StoredProfile> now = new HashMap<>();
        profiles.store().profiles().forEach(p -> now.put(p.instanceId(), p));
        Set<Integer> existing = new HashSet<>(instances.keySet());
        for (Integer id : existing) {
            if (!now.containsKey(id)) {
                removeInstance(id);
            }
        }
        for (StoredProfile p : now.values()) {
            LwM2mInstanceEnabler i = instances.get(p.instanceId());
            if (i == null) {
                Instance n = new Instance(p.instanceId(), p.iccid());
                n.setModel(getObjectModel());
                n.setLwM2mClient(getLwm2mClient());
                addInstance(p.instanceId(), n);
            } else {
                ((Instance) i).fireResourcesChange(
                        ((Instance) i).path(UsimProfileResources.STATE), ((Instance) i).path(UsimProfileResources.FALLBACK),
                        ((Instance) i).path(UsimProfileResources.LAST_ATTACH_RESULT),
                        ((Instance) i).path(UsimProfileResources.LAST_ATTACH_TIME));
            }
        }
    }

    @Override
    protected CreateResponse doCreate(LwM2mServer server, CreateRequest request) {
        return CreateResponse.methodNotAllowed();
    }

    @Override
    protected DeleteResponse doDelete(LwM2mServer server, DeleteRequest request) {
        return DeleteResponse.methodNotAllowed();
    }

    private final class Instance extends BaseInstanceEnabler {
        private final Iccid iccid;

        Instance(int id, Iccid iccid) {
            super(id);
            this.iccid = iccid;
        }

        org.eclipse.leshan.core.node.LwM2mPath path(int resourceId) {
            return getResourcePath(resourceId);
        }

        @Override
        public ReadResponse read(LwM2mServer server, int resourceId) {
            StoredProfile p = profiles.store().find(iccid).orElse(null);
            if (p == null) {
                return ReadResponse.notFound();
            }
            Selection s = profiles.store().selection();
            AttachRecord a = profiles.store().lastAttach(iccid);
            return switch (resourceId) {
            case UsimProfileResources.ICCID -> ReadResponse.success(resourceId, p.iccid().digits());
            case UsimProfileResources.IMSI -> ReadResponse.success(resourceId, p.imsi().digits());
            case UsimProfileResources.OPERATOR_PLMN -> ReadResponse.success(resourceId, p.operatorPlmn().toString());
            case UsimProfileResources.OPERATOR_NAME -> ReadResponse.success(resourceId, p.operatorName());
            case UsimProfileResources.ALGORITHM -> ReadResponse.success(resourceId, p.algorithm().name());
            case UsimProfileResources.STATE -> ReadResponse.success(resourceId, (long) state(s));
            case UsimProfileResources.FALLBACK -> ReadResponse.success(resourceId, s.fallback().map(iccid::equals).orElse(false));
            case UsimProfileResources.INSTALLED_AT -> ReadResponse.success(resourceId, java.util.Date.from(p.installedAt()));
            case UsimProfileResources.LAST_ATTACH_RESULT -> ReadResponse.success(resourceId, (long) a.result());
            case UsimProfileResources.LAST_ATTACH_TIME -> a.at().isPresent()
                    ? ReadResponse.success(resourceId, java.util.Date.from(a.at().get()))
                    : ReadResponse.notFound();
            case UsimProfileResources.ORIGIN -> ReadResponse.success(resourceId, p.origin().label());
            default -> ReadResponse.notFound();
            };
        }

        private int state(Selection s) {
            if (s.trial().map(iccid::equals).orElse(false)) {
                return UsimProfileResources.STATE_ON_TRIAL;
            }
            if (!s.isTrialRunning() && s.enabled().map(iccid::equals).orElse(false)) {
                return UsimProfileResources.STATE_ENABLED;
            }
            return UsimProfileResources.STATE_DISABLED;
        }

        @Override
        public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
            if (resourceId != UsimProfileResources.FALLBACK) {
                return WriteResponse.methodNotAllowed();
            }
            if (!(value.getValue() instanceof Boolean b)) {
                return WriteResponse.badRequest("Fallback must be a boolean");
            }
            boolean holder = profiles.store().selection().fallback().map(iccid::equals).orElse(false);
            if (b && !holder) {
                profiles.setFallback(iccid);
            } else if (!b && holder) {
                return WriteResponse.badRequest("a fallback profile must exist: set Fallback=true on another profile instead");
            }
            return WriteResponse.success();
        }
    }
}
