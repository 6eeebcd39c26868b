package org.m2mdm.client.modem;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.m2mdm.client.profiles.AttachRecord;
import org.m2mdm.client.profiles.ProfileStore;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.mo.UsimProfileResources;
import org.m2mdm.network.AccessNetwork;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.NetworkInfo;
import org.m2mdm.network.RejectCause;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.aka.AkaResponder;
import org.m2mdm.usim.aka.AkaResponse;
import org.m2mdm.usim.aka.UsimAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal's radio: attaches to an {@link AccessNetwork} with one stored profile at a time. The
 * profile's USIM (Milenage, via {@link UsimAuthenticator}) answers the network's AKA challenges and
 * its SQN state is persisted after every AKA run, whether the attach succeeds or not.
 */
public final class Modem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Modem.class);

    private final AccessNetwork network;
    private final ProfileStore store;
    private final Clock clock;
    private final List<Consumer<Bearer>> bearerLostListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<AttachOutcome.Attached>> attachListeners = new CopyOnWriteArrayList<>();
    private Bearer bearer;
    private StoredProfile attachedProfile;

    public Modem(AccessNetwork network, ProfileStore store, Clock clock) {
        this.network = network;
        this.store = store;
        this.clock = clock;
    }

    /** The networks in coverage. */
    public List<NetworkInfo> visibleNetworks() {
        return network.visibleNetworks();
    }

    /**
     * Detaches if attached, then attaches with {@code profile}: on its home network if visible,
     * otherwise on each visible network in turn.
     */
    public synchronized AttachOutcome attach(StoredProfile profile) {
        detach();
        List<Plmn> candidates = new ArrayList<>();
        List<NetworkInfo> visible = network.visibleNetworks();
        for (NetworkInfo n : visible) {
            if (n.plmn().equals(profile.operatorPlmn())) {
                candidates.add(n.plmn());
            }
        }
        if (candidates.isEmpty()) {
            visible.forEach(n -> candidates.add(n.plmn()));
        }
        AttachOutcome outcome = new AttachOutcome.Rejected(profile, RejectCause.NETWORK_NOT_FOUND,
                "no network in coverage");
        for (Plmn plmn : candidates) {
            outcome = attachOn(profile, plmn);
            if (outcome.isAttached()) {
                break;
            }
        }
        int code = outcome instanceof AttachOutcome.Rejected r ? attachCode(r.cause()) : UsimProfileResources.ATTACH_ATTACHED;
        store.recordAttach(profile.iccid(), new AttachRecord(code, Optional.of(clock.instant())));
        return outcome;
    }

    private AttachOutcome attachOn(StoredProfile profile, Plmn plmn) {
        LOG.info("attaching to {} with IMSI {} (ICCID {})", plmn, profile.imsi(), profile.iccid());
        UsimAuthenticator usim = new UsimAuthenticator(profile.credentials().k(), profile.credentials().opc(),
                store.sqnState(profile.iccid()));
        AkaResponder persisting = (rand, autn) -> {
            AkaResponse r = usim.respond(rand, autn);
            store.saveSqnState(profile.iccid(), usim.state());
            return r;
        };
        AttachResult result = network.attach(plmn, profile.imsi(), persisting);
        if (result instanceof AttachResult.Attached a) {
            bearer = a.bearer();
            attachedProfile = profile;
            Bearer mine = bearer;
            mine.onClose(() -> {
                synchronized (this) {
                    if (bearer != mine) {
                        return; // we replaced it ourselves
                    }
                    bearer = null;
                    attachedProfile = null;
                }
                LOG.warn("bearer on {} for IMSI {} was closed by the network", mine.plmn(), mine.imsi());
                bearerLostListeners.forEach(l -> l.accept(mine));
            });
            LOG.info("attached to {} with IMSI {}", plmn, profile.imsi());
            AttachOutcome.Attached done = new AttachOutcome.Attached(profile, mine);
            attachListeners.forEach(l -> l.accept(done));
            return done;
        }
        AttachResult.Rejected r = (AttachResult.Rejected) result;
        LOG.warn("attach to {} with IMSI {} rejected: {} ({})", plmn, profile.imsi(), r.cause(), r.detail());
        return new AttachOutcome.Rejected(profile, r.cause(), r.detail());
    }

    /** The current bearer, if attached. */
    public synchronized Optional<Bearer> bearer() {
        return bearer != null && bearer.isOpen() ? Optional.of(bearer) : Optional.empty();
    }

    /** The profile the current bearer was established with. */
    public synchronized Optional<StoredProfile> attachedProfile() {
        return bearer() .isPresent() ? Optional.of(attachedProfile) : Optional.empty();
    }

    /** Called after every successful attach. */
    public void onAttached(Consumer<AttachOutcome.Attached> listener) {
        attachListeners.add(listener);
    }

    /** Called when the network closes the bearer (not when the modem detaches). */
    public void onBearerLost(Consumer<Bearer> listener) {
        bearerLostListeners.add(listener);
    }

    /** Closes the current bearer, if any. */
    public synchronized void detach() {
        if (bearer != null) {
            Bearer b = bearer;
            bearer = null;
            attachedProfile = null;
            LOG.info("detaching from {} (IMSI {})", b.plmn(), b.imsi());
            b.close();
        }
    }

    @Override
    public void close() {
        detach();
    }

    /** The 32769/x/8 code for a reject cause. */
    public static int attachCode(RejectCause cause) {
        return switch (cause) {
        case UNKNOWN_IMSI -> UsimProfileResources.ATTACH_UNKNOWN_IMSI;
        case AUTHENTICATION_FAILURE -> UsimProfileResources.ATTACH_AUTHENTICATION_FAILURE;
        case SYNC_FAILURE -> UsimProfileResources.ATTACH_SYNC_FAILURE;
        case NOT_ALLOWED -> UsimProfileResources.ATTACH_NOT_ALLOWED;
        case NETWORK_NOT_FOUND -> UsimProfileResources.ATTACH_NETWORK_NOT_FOUND;
        };
    }
}
