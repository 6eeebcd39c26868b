package org.m2mdm.client.profiles;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import org.m2mdm.mo.payload.UsimProfilePayload;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profile lifecycle operations used by the LwM2M objects (504, 505, 32769): install, enable (switch,
 * run on the terminal's control thread), delete, fallback. Notifies listeners after every change so
 * the objects can fire LwM2M notifications.
 */
public final class ProfileService {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileService.class);

    private final ProfileStore store;
    private final ProfileSwitch profileSwitch;
    private final Executor control;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public ProfileService(ProfileStore store, ProfileSwitch profileSwitch, Executor control, Clock clock) {
        this.store = store;
        this.profileSwitch = profileSwitch;
        this.control = control;
        this.clock = clock;
        profileSwitch.addListener(new ProfileSwitch.Listener() {
            @Override
            public void selectionChanged(Selection selection) {
                fireChanged();
            }

            @Override
            public void stepReached(SwitchStep step, Iccid target) {
                fireChanged();
            }
        });
    }

    public ProfileStore store() {
        return store;
    }

    /** Called after any change of the profiles, their selection or attach records. */
    public void addListener(Runnable l) {
        listeners.add(l);
    }

    public void fireChanged() {
        listeners.forEach(Runnable::run);
    }

    /** The profile in use (trial if a switch is running, else the enabled one). */
    public Optional<StoredProfile> active() {
        return store.selection().active().flatMap(store::find);
    }

    /**
     * Installs a downloaded profile, disabled. A payload with the fallback flag moves the fallback
     * attribute to it.
     *
     * @throws IllegalArgumentException if the payload's identities are invalid (e.g. ICCID Luhn)
     * @throws ProfileStoreException if the ICCID is installed already or the store is full
     */
    public synchronized StoredProfile install(UsimProfilePayload payload) {
        UsimCredentials c = new UsimCredentials(Imsi.of(payload.imsi(), payload.mncLength()), Iccid.of(payload.iccid()),
                K.of(payload.k()), Opc.of(payload.opc()), Algorithm.valueOf(payload.algorithm()), Amf.of(payload.amf()));
        StoredProfile p = new StoredProfile(store.nextInstanceId(), c, Plmn.parse(payload.operatorPlmn()),
                payload.operatorName(), payload.profileName(), ProfileOrigin.DOWNLOAD, clock.instant());
        store.install(p);
        if (payload.fallback() && store.selection().enabled().isPresent()) {
            store.select(store.selection().withFallback(Optional.of(p.iccid())));
        }
        LOG.info("profile {} (IMSI {}, {}) installed, disabled", p.iccid(), p.imsi(), p.operatorPlmn());
        fireChanged();
        return p;
    }

    /** Starts a switch to {@code iccid} on the control thread. */
    public CompletableFuture<SwitchOutcome> enable(Iccid iccid) {
        CompletableFuture<SwitchOutcome> f = new CompletableFuture<>();
        control.execute(() -> {
            try {
                f.complete(enableNow(iccid));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.completeExceptionally(e);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Switches to {@code iccid} on the calling thread (which must be the control thread). */
    public SwitchOutcome enableNow(Iccid iccid) throws InterruptedException {
        try {
            return profileSwitch.switchTo(iccid);
        } finally {
            fireChanged();
        }
    }

    /** @throws ProfileStoreException if the profile is enabled, on trial or the fallback */
    public synchronized void delete(Iccid iccid) {
        store.delete(iccid);
        LOG.info("profile {} deleted", iccid);
        fireChanged();
    }

    /** Moves the fallback attribute to {@code iccid}. */
    public synchronized void setFallback(Iccid iccid) {
        store.select(store.selection().withFallback(Optional.of(iccid)));
        LOG.info("profile {} is now the fallback profile", iccid);
        fireChanged();
    }
}
