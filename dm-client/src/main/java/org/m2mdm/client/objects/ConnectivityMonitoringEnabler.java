package org.m2mdm.client.objects;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.response.ReadResponse;
import org.m2mdm.network.Bearer;

/**
 * Connectivity Monitoring (4/0) from the current bearer: the serving PLMN (SMCC/SMNC), the loopback
 * IP address the simulated bearer uses, and fixed radio values (there is no real radio). The IMSI is
 * deliberately not reported here.
 */
public final class ConnectivityMonitoringEnabler extends BaseInstanceEnabler {
    /** 6 = LTE-FDD in the OMA enumeration. */
    static final long BEARER_LTE_FDD = 6;
    static final long SIGNAL_DBM = -70;
    static final long FAKE_CELL_ID = 0x1A2B3;

    private final Supplier<Optional<Bearer>> bearer;

    public ConnectivityMonitoringEnabler(ObjectModel model, Supplier<Optional<Bearer>> bearer) {
        super(0);
        setModel(model);
        this.bearer = bearer;
    }

    /** Notifies observers after the bearer changed (attach, switch). */
    public void bearerChanged() {
        fireResourcesChange(getResourcePath(8), getResourcePath(9), getResourcePath(10), getResourcePath(4));
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        Optional<Bearer> b = bearer.get();
        return switch (resourceId) {
        case 0 -> ReadResponse.success(resourceId, b.isPresent() ? BEARER_LTE_FDD : 50L);
        case 1 -> ReadResponse.success(resourceId, Map.of(0, BEARER_LTE_FDD), Type.INTEGER);
        case 2 -> ReadResponse.success(resourceId, SIGNAL_DBM);
        case 4 -> ReadResponse.success(resourceId, b.isPresent() ? Map.of(0, "127.0.0.1") : Map.of(), Type.STRING);
        case 8 -> ReadResponse.success(resourceId, FAKE_CELL_ID);
        case 9 -> b.map(x -> ReadResponse.success(resourceId, Long.parseLong(x.plmn().mnc()))).orElse(ReadResponse.notFound());
        case 10 -> b.map(x -> ReadResponse.success(resourceId, Long.parseLong(x.plmn().mcc()))).orElse(ReadResponse.notFound());
        default -> ReadResponse.notFound();
        };
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(0, 1, 2, 4, 8, 9, 10);
    }
}
