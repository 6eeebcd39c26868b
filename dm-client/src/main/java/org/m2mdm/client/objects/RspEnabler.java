package org.m2mdm.client.objects;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executor;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.m2mdm.client.profiles.ProfileService;
import org.m2mdm.client.profiles.ProfileStoreException;
import org.m2mdm.client.profiles.Selection;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.client.profiles.SwitchOutcome;
import org.m2mdm.mo.RspResources;
import org.m2mdm.usim.Iccid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OMA 504 Remote SIM Provisioning, instance 0: the profile list (active first), Selected ICCID, and
 * RSP Update (4) whose arguments are the actions (0 install the package downloaded through 505,
 * 1 enable = switch, 2 disable, 3 delete), run in ascending order on the control thread. State (5)
 * and Result (6) are observable; see mo-definitions/README.md for the codes.
 */
public final class RspEnabler extends BaseInstanceEnabler {
    private static final Logger LOG = LoggerFactory.getLogger(RspEnabler.class);

    private final ProfileService profiles;
    private final SimProvisioningEnabler packages;
    private final Executor control;
    private int state = RspResources.STATE_IDLE;
    private int result = RspResources.RESULT_INITIAL;
    private String selected = "";
    private String downloadUri = "";
    private final long executeGraceMillis;

    /**
     * @param executeGraceMillis pause before running actions so the CoAP response to the Execute
     *        leaves over the current bearer before a switch detaches it
     */
    public RspEnabler(ObjectModel model, ProfileService profiles, SimProvisioningEnabler packages, Executor control,
            long executeGraceMillis) {
        super(0);
        setModel(model);
        this.profiles = profiles;
        this.packages = packages;
        this.control = control;
        this.executeGraceMillis = executeGraceMillis;
        profiles.addListener(() -> fireResourceChange(RspResources.ICCID));
    }

    public synchronized int state() {
        return state;
    }

    public synchronized int result() {
        return result;
    }

    @Override
    public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
        Optional<StoredProfile> active = profiles.active();
        return switch (resourceId) {
        case RspResources.CURRENT_SIM_TYPE -> EuiccReadings.currentSimType(resourceId);
        case RspResources.SUPPORTED_SIM_TYPE -> EuiccReadings.supportedSimTypes(resourceId);
        case RspResources.SERVICE_PROVIDER_NAME -> EuiccReadings.serviceProviderName(resourceId, active);
        case RspResources.DOWNLOAD_URI -> ReadResponse.success(resourceId, downloadUri);
        case RspResources.RSP_UPDATE_STATE -> ReadResponse.success(resourceId, (long) state);
        case RspResources.RSP_UPDATE_RESULT -> ReadResponse.success(resourceId, (long) result);
        case RspResources.PROFILE_NAME -> ReadResponse.success(resourceId, active.map(StoredProfile::profileName).orElse(""));
        case RspResources.PROFILE_PACKAGE_VERSION -> ReadResponse.success(resourceId, "1");
        case RspResources.FREE_MEMORY -> EuiccReadings.freeMemory(resourceId, profiles);
        case RspResources.TOTAL_MEMORY -> EuiccReadings.totalMemory(resourceId, profiles);
        case RspResources.ICCID -> ReadResponse.success(resourceId, iccidList(), Type.STRING);
        case RspResources.RSP_TYPE -> ReadResponse.success(resourceId, (long) RspResources.RSP_TYPE_NONE);
        case RspResources.SELECTED_ICCID -> ReadResponse.success(resourceId, selected);
        default -> ReadResponse.notFound();
        };
    }

    /** Installed ICCIDs; the active profile is instance 0. */
    private Map<Integer, String> iccidList() {
        Selection s = profiles.store().selection();
        List<String> l = new ArrayList<>();
        s.active().ifPresent(i -> l.add(i.digits()));
        for (StoredProfile p : profiles.store().profiles()) {
            if (!l.contains(p.iccid().digits())) {
                l.add(p.iccid().digits());
            }
        }
        Map<Integer, String> m = new HashMap<>();
        for (int i = 0; i < l.size(); i++) {
            m.put(i, l.get(i));
        }
        return m;
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14);
    }

    @Override
    public synchronized WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId == RspResources.DOWNLOAD_URI && value.getValue() instanceof String s) {
            downloadUri = s;
            return WriteResponse.success();
        }
        if (resourceId == RspResources.SELECTED_ICCID && value.getValue() instanceof String s) {
            if (!s.isEmpty()) {
                Iccid iccid;
                try {
                    iccid = Iccid.of(s);
                } catch (IllegalArgumentException e) {
                    return WriteResponse.badRequest("not a valid ICCID");
                }
                if (profiles.store().find(iccid).isEmpty()) {
                    return WriteResponse.badRequest("no installed profile with ICCID " + s);
                }
            }
            selected = s;
            fireResourceChange(RspResources.SELECTED_ICCID);
            return WriteResponse.success();
        }
        return WriteResponse.methodNotAllowed();
    }

    @Override
    public synchronized ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != RspResources.RSP_UPDATE) {
            return ExecuteResponse.notFound();
        }
        TreeSet<Integer> actions = new TreeSet<>(arguments.getDigits());
        if (actions.isEmpty()) {
            return ExecuteResponse.badRequest("RSP Update needs the action(s) as arguments, e.g. 1 = enable");
        }
        for (int a : actions) {
            if (a > RspResources.ACTION_DELETE) {
                return ExecuteResponse.badRequest("unsupported RSP action " + a);
            }
        }
        if (state != RspResources.STATE_IDLE) {
            return ExecuteResponse.badRequest("an RSP action is already running (state " + state + ")");
        }
        boolean needsSelection = actions.stream().anyMatch(a -> a != RspResources.ACTION_DOWNLOAD_AND_INSTALL);
        if (needsSelection && !actions.contains(RspResources.ACTION_DOWNLOAD_AND_INSTALL) && selected.isEmpty()) {
            return ExecuteResponse.badRequest("Selected ICCID (14) is empty");
        }
        setState(RspResources.STATE_INSTALLING, RspResources.RESULT_INITIAL);
        control.execute(() -> run(actions));
        return ExecuteResponse.success();
    }

    private void run(TreeSet<Integer> actions) {
        try {
            Thread.sleep(executeGraceMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (int a : actions) {
            boolean ok = switch (a) {
            case RspResources.ACTION_DOWNLOAD_AND_INSTALL -> install();
            case RspResources.ACTION_ENABLE -> enable();
            case RspResources.ACTION_DISABLE -> disable();
            default -> delete();
            };
            if (!ok) {
                return;
            }
        }
        setState(RspResources.STATE_IDLE, RspResources.RESULT_SUCCESS);
    }

    private boolean install() {
        try {
            StoredProfile p = packages.installPending();
            synchronized (this) {
                selected = p.iccid().digits();
            }
            fireResourceChange(RspResources.SELECTED_ICCID);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("RSP install failed: {}", e.getMessage());
            setState(RspResources.STATE_IDLE, RspResources.RESULT_GENERIC_INSTALL_ERROR);
            return false;
        }
    }

    private boolean enable() {
        Iccid target = selectedIccid();
        if (target == null || profiles.store().find(target).isEmpty()) {
            setState(RspResources.STATE_IDLE, RspResources.RESULT_ENABLE_FAILED);
            return false;
        }
        setState(RspResources.STATE_ENABLING, RspResources.RESULT_INITIAL);
        try {
            SwitchOutcome o = profiles.enableNow(target);
            if (!o.committed()) {
                setState(RspResources.STATE_IDLE, RspResources.RESULT_ENABLE_FAILED);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.warn("switch to {} failed", target, e);
            setState(RspResources.STATE_IDLE, RspResources.RESULT_ENABLE_FAILED);
            return false;
        }
    }

    private boolean disable() {
        Iccid target = selectedIccid();
        setState(RspResources.STATE_DISABLING, RspResources.RESULT_INITIAL);
        Selection s = profiles.store().selection();
        if (target == null || profiles.store().find(target).isEmpty() || s.active().map(target::equals).orElse(false)) {
            LOG.warn("RSP disable of {} refused: the active profile cannot be disabled (enable another one)", target);
            setState(RspResources.STATE_IDLE, RspResources.RESULT_DISABLE_FAILED);
            return false;
        }
        return true; // already disabled
    }

    private boolean delete() {
        Iccid target = selectedIccid();
        setState(RspResources.STATE_DELETING, RspResources.RESULT_INITIAL);
        try {
            if (target == null) {
                throw new ProfileStoreException("no profile selected");
            }
            profiles.delete(target);
            synchronized (this) {
                selected = "";
            }
            fireResourceChange(RspResources.SELECTED_ICCID);
            return true;
        } catch (ProfileStoreException e) {
            LOG.warn("RSP delete refused: {}", e.getMessage());
            setState(RspResources.STATE_IDLE, RspResources.RESULT_DELETE_FAILED);
            return false;
        }
    }

    private synchronized Iccid selectedIccid() {
        try {
            return selected.isEmpty() ? null : Iccid.of(selected);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void setState(int newState, int newResult) {
        synchronized (this) {
            state = newState;
            result = newResult;
        }
        fireResourcesChange(getResourcePath(RspResources.RSP_UPDATE_STATE), getResourcePath(RspResources.RSP_UPDATE_RESULT));
    }
}
