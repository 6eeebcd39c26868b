package org.m2mdm.client.objects;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.m2mdm.client.modem.BearerDownloader;
import org.m2mdm.client.profiles.ProfileService;
import org.m2mdm.client.profiles.ProfileStoreException;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.envelope.EnvelopeRejectedException;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.mo.SimProvisioningResources;
import org.m2mdm.mo.payload.PayloadFormatException;
import org.m2mdm.mo.payload.UsimProfilePayload;
import org.m2mdm.usim.Iccid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OMA 505 LwM2M SIM Provisioning, instance 0: the server pushes a usim-profile envelope to resource 3
 * (block-wise if large) or writes a {@code coap://} Profile URI (4) that the terminal downloads
 * through its bearer; an accepted envelope makes the state Downloaded, and Update Profile (5)
 * installs it disabled. Rejections leave the profiles untouched and are reported in Update Result
 * (7), see {@link Rejections}.
 */
public final class SimProvisioningEnabler extends BaseInstanceEnabler {
    private static final Logger LOG = LoggerFactory.getLogger(SimProvisioningEnabler.class);

    private final ProfileService profiles;
    private final EnvelopeGate gate;
    private final BearerDownloader downloader;
    private final Executor background;
    private String profileUri = "";
    private int state = SimProvisioningResources.STATE_IDLE;
    private int result = SimProvisioningResources.RESULT_INITIAL;
    /** Held in memory only: a restart while Downloaded returns to Idle (the server seals a new one). */
    private UsimProfilePayload pending;
    private Iccid lastInstalled;

    /**
     * @param downloader fetches Profile URIs through the bearer
     * @param background runs downloads (not on a CoAP thread)
     */
    public SimProvisioningEnabler(ObjectModel model, ProfileService profiles, EnvelopeGate gate,
            BearerDownloader downloader, Executor background) {
        super(0);
        setModel(model);
        this.profiles = profiles;
        this.gate = gate;
        this.downloader = downloader;
        this.background = background;
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
        case SimProvisioningResources.CURRENT_SIM_TYPE -> EuiccReadings.currentSimType(resourceId);
        case SimProvisioningResources.SUPPORTED_SIM_TYPE -> EuiccReadings.supportedSimTypes(resourceId);
        case SimProvisioningResources.SERVICE_PROVIDER_NAME -> EuiccReadings.serviceProviderName(resourceId, active);
        case SimProvisioningResources.PROFILE_URI -> ReadResponse.success(resourceId, profileUri);
        case SimProvisioningResources.PROTOCOL_SUPPORT -> ReadResponse.success(resourceId, Map.of(0, 0L), Type.INTEGER);
        case SimProvisioningResources.UPDATE_STATE -> ReadResponse.success(resourceId, (long) state);
        case SimProvisioningResources.UPDATE_RESULT -> ReadResponse.success(resourceId, (long) result);
        case SimProvisioningResources.PROFILE_NAME -> ReadResponse.success(resourceId, pending != null
                ? pending.profileName()
                : profileName(lastInstalled));
        case SimProvisioningResources.PROFILE_PACKAGE_VERSION -> ReadResponse.success(resourceId, "1");
        case SimProvisioningResources.DELIVERY_METHOD -> ReadResponse.success(resourceId, (long) SimProvisioningResources.DELIVERY_BOTH);
        case SimProvisioningResources.FREE_MEMORY -> EuiccReadings.freeMemory(resourceId, profiles);
        case SimProvisioningResources.TOTAL_MEMORY -> EuiccReadings.totalMemory(resourceId, profiles);
        default -> ReadResponse.notFound();
        };
    }

    private String profileName(Iccid iccid) {
        return iccid == null ? "" : profiles.store().find(iccid).map(StoredProfile::profileName).orElse("");
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        // 14 (ICCID, Integer in the registry) is deliberately absent: ICCIDs overflow it (see README).
        return List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
    }

    @Override
    public synchronized WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId == SimProvisioningResources.PROFILE_URI) {
            if (!(value.getValue() instanceof String s)) {
                return WriteResponse.badRequest("Profile URI must be a string");
            }
            return pull(s.trim());
        }
        if (resourceId != SimProvisioningResources.PROFILE_PACKAGE) {
            return WriteResponse.methodNotAllowed();
        }
        if (!(value.getValue() instanceof byte[] envelope)) {
            return WriteResponse.badRequest("Profile Package must be opaque");
        }
        if (envelope.length == 0 || (envelope.length == 1 && envelope[0] == 0)) {
            reset();
            return WriteResponse.success();
        }
        if (state == SimProvisioningResources.STATE_UPDATING || state == SimProvisioningResources.STATE_DOWNLOADING) {
            return WriteResponse.badRequest("an update or download is running");
        }
        return accept(envelope);
    }

    private WriteResponse pull(String uriText) {
        if (uriText.isEmpty()) {
            reset();
            return WriteResponse.success();
        }
        if (state == SimProvisioningResources.STATE_UPDATING || state == SimProvisioningResources.STATE_DOWNLOADING) {
            return WriteResponse.badRequest("an update or download is running");
        }
        URI uri;
        try {
            uri = new URI(uriText);
        } catch (URISyntaxException e) {
            setResult(SimProvisioningResources.RESULT_INVALID_URI);
            return WriteResponse.badRequest("invalid Profile URI");
        }
        if (!"coap".equals(uri.getScheme()) || uri.getHost() == null) {
            setResult("coap".equals(uri.getScheme()) ? SimProvisioningResources.RESULT_INVALID_URI
                    : SimProvisioningResources.RESULT_UNSUPPORTED_PROTOCOL);
            return WriteResponse.badRequest("only coap://host/path Profile URIs are supported (10 = [0])");
        }
        profileUri = uriText;
        state = SimProvisioningResources.STATE_DOWNLOADING;
        result = SimProvisioningResources.RESULT_INITIAL;
        fireResourcesChange(getResourcePath(SimProvisioningResources.UPDATE_STATE),
                getResourcePath(SimProvisioningResources.UPDATE_RESULT));
        background.execute(() -> download(uri));
        return WriteResponse.success();
    }

    private void download(URI uri) {
        byte[] envelope;
        try {
            envelope = downloader.get(uri);
        } catch (IOException | RuntimeException e) {
            LOG.warn("profile download from {} failed: {}", uri, e.getMessage());
            synchronized (this) {
                state = SimProvisioningResources.STATE_IDLE;
                fireResourceChange(SimProvisioningResources.UPDATE_STATE);
                setResult(e instanceof IllegalArgumentException ? SimProvisioningResources.RESULT_INVALID_URI
                        : SimProvisioningResources.RESULT_CONNECTION_LOST);
            }
            return;
        }
        synchronized (this) {
            state = SimProvisioningResources.STATE_IDLE;
            WriteResponse r = accept(envelope);
            if (r.isFailure()) {
                fireResourceChange(SimProvisioningResources.UPDATE_STATE);
            }
        }
    }

    /** Opens and checks a profile package; on success the state becomes Downloaded. */
    private WriteResponse accept(byte[] envelope) {
        UsimProfilePayload payload;
        try {
            payload = UsimProfilePayload.decode(gate.open(envelope, PayloadType.USIM_PROFILE).payload());
        } catch (EnvelopeRejectedException e) {
            setResult(Rejections.simProvisioningResult(e.reason()));
            return new WriteResponse(Rejections.coapCode(e.reason()), e.reason().name());
        } catch (PayloadFormatException e) {
            gate.payloadRefused(PayloadType.USIM_PROFILE, e.getMessage());
            setResult(SimProvisioningResources.RESULT_UNSUPPORTED_PACKAGE);
            return WriteResponse.badRequest("usim-profile payload: " + e.getMessage());
        }
        Iccid iccid;
        try {
            iccid = Iccid.of(payload.iccid());
        } catch (IllegalArgumentException e) {
            gate.payloadRefused(PayloadType.USIM_PROFILE, "invalid ICCID");
            setResult(SimProvisioningResources.RESULT_UNSUPPORTED_PACKAGE);
            return WriteResponse.badRequest("usim-profile payload: invalid ICCID (check digit)");
        }
        if (profiles.store().find(iccid).isPresent()) {
            gate.payloadRefused(PayloadType.USIM_PROFILE, "ICCID " + iccid + " already installed");
            setResult(SimProvisioningResources.RESULT_UNSUPPORTED_PACKAGE);
            return WriteResponse.badRequest("profile " + iccid + " is already installed");
        }
        if (profiles.store().profiles().size() >= profiles.store().capacity()) {
            setResult(SimProvisioningResources.RESULT_NOT_ENOUGH_MEMORY);
            return WriteResponse.badRequest("no room for another profile");
        }
        pending = payload;
        LOG.info("profile package for ICCID {} (IMSI {}) downloaded", payload.iccid(), payload.imsi());
        state = SimProvisioningResources.STATE_DOWNLOADED;
        result = SimProvisioningResources.RESULT_INITIAL;
        fireResourcesChange(getResourcePath(SimProvisioningResources.UPDATE_STATE),
                getResourcePath(SimProvisioningResources.UPDATE_RESULT), getResourcePath(SimProvisioningResources.PROFILE_NAME));
        return WriteResponse.success();
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != SimProvisioningResources.UPDATE_PROFILE) {
            return ExecuteResponse.notFound();
        }
        try {
            installPending();
            return ExecuteResponse.success();
        } catch (IllegalStateException e) {
            return ExecuteResponse.badRequest(e.getMessage());
        } catch (ProfileStoreException | IllegalArgumentException e) {
            return new ExecuteResponse(ResponseCode.INTERNAL_SERVER_ERROR, "install failed: " + e.getMessage());
        }
    }

    /**
     * Installs the downloaded package (also used by 504 action 0).
     *
     * @throws IllegalStateException if nothing is downloaded
     */
    public synchronized StoredProfile installPending() {
        if (state != SimProvisioningResources.STATE_DOWNLOADED || pending == null) {
            throw new IllegalStateException("no profile package downloaded (state " + state + ")");
        }
        state = SimProvisioningResources.STATE_UPDATING;
        fireResourceChange(SimProvisioningResources.UPDATE_STATE);
        try {
            StoredProfile p = profiles.install(pending);
            pending = null;
            lastInstalled = p.iccid();
            state = SimProvisioningResources.STATE_IDLE;
            setResult(SimProvisioningResources.RESULT_SUCCESS);
            fireResourceChange(SimProvisioningResources.UPDATE_STATE);
            return p;
        } catch (ProfileStoreException | IllegalArgumentException e) {
            state = SimProvisioningResources.STATE_DOWNLOADED;
            setResult(e.getMessage() != null && e.getMessage().contains("full")
                    ? SimProvisioningResources.RESULT_NOT_ENOUGH_MEMORY
                    : SimProvisioningResources.RESULT_UNSUPPORTED_PACKAGE);
            fireResourceChange(SimProvisioningResources.UPDATE_STATE);
            throw e;
        }
    }

    private void reset() {
        pending = null;
        profileUri = "";
        state = SimProvisioningResources.STATE_IDLE;
        result = SimProvisioningResources.RESULT_INITIAL;
        fireResourcesChange(getResourcePath(SimProvisioningResources.UPDATE_STATE),
                getResourcePath(SimProvisioningResources.UPDATE_RESULT));
    }

    private void setResult(int r) {
        result = r;
        fireResourceChange(SimProvisioningResources.UPDATE_RESULT);
    }
}
