package org.m2mdm.client.objects;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.m2mdm.mo.CellularConnectivityResources;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.network.Bearer;

/**
 * Cellular Connectivity (10/0): Activated Profile Names links to the enabled APN profiles (11) that
 * are valid on the serving network (11/x/8); a few timers are kept as plain settings.
 */
public final class CellularConnectivityEnabler extends BaseInstanceEnabler {
    private final Supplier<Optional<Bearer>> bearer;
    private final ApnProfileObject apns;
    private String smsc = "";
    private long disableRadioPeriod;
    private long psmTimer;
    private long activeTimer;

    public CellularConnectivityEnabler(ObjectModel model, Supplier<Optional<Bearer>> bearer, ApnProfileObject apns) {
        super(0);
        setModel(model);
        this.bearer = bearer;
        this.apns = apns;
    }

    public void changed() {
        fireResourceChange(CellularConnectivityResources.ACTIVATED_PROFILE_NAMES);
    }

    @Override
    public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
        case CellularConnectivityResources.SMSC_ADDRESS -> ReadResponse.success(resourceId, smsc);
        case CellularConnectivityResources.DISABLE_RADIO_PERIOD -> ReadResponse.success(resourceId, disableRadioPeriod);
        case CellularConnectivityResources.PSM_TIMER -> ReadResponse.success(resourceId, psmTimer);
        case CellularConnectivityResources.ACTIVE_TIMER -> ReadResponse.success(resourceId, activeTimer);
        case CellularConnectivityResources.ACTIVATED_PROFILE_NAMES -> {
            Map<Integer, ObjectLink> links = new HashMap<>();
            bearer.get().ifPresent(b -> {
                int i = 0;
                for (int id : apns.activeOn(b.plmn().mcc(), b.plmn().mnc())) {
                    links.put(i++, new ObjectLink(ObjectIds.APN_CONNECTION_PROFILE, id));
                }
            });
            yield ReadResponse.success(resourceId, links, Type.OBJLNK);
        }
        default -> ReadResponse.notFound();
        };
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(0, 1, 4, 5, 11);
    }

    @Override
    public synchronized WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        Object v = value.getValue();
        switch (resourceId) {
        case CellularConnectivityResources.SMSC_ADDRESS -> smsc = String.valueOf(v);
        case CellularConnectivityResources.DISABLE_RADIO_PERIOD -> disableRadioPeriod = (Long) v;
        case CellularConnectivityResources.PSM_TIMER -> psmTimer = (Long) v;
        case CellularConnectivityResources.ACTIVE_TIMER -> activeTimer = (Long) v;
        default -> {
            return WriteResponse.methodNotAllowed();
        }
        }
        fireResourceChange(resourceId);
        return WriteResponse.success();
    }
}
