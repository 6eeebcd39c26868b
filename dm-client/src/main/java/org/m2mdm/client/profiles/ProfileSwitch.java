package org.m2mdm.client.profiles;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.m2mdm.client.modem.AttachOutcome;
import org.m2mdm.client.modem.Modem;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.NetworkInfo;
import org.m2mdm.usim.Iccid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-phase profile switch and the boot-time profile choice.
 * <p>
 * Switch: journal → select target on trial (previous stays committed) → attach with it → reach the
 * management server within the rollback timeout → commit (selection names the target enabled). Any
 * failure rolls back to the previous profile. Since the selection file is replaced atomically and a
 * trial is never committed implicitly, a power cut at any point leaves either the previous profile
 * committed (the trial is undone by {@link #connect()}) or the target committed after it worked.
 * <p>
 * Boot ({@link #connect()}): undo an interrupted trial, then attach with the enabled profile, else the
 * fallback profile, else (synthetic terminals) a profile derived from Ku for each visible network;
 * whichever attaches becomes the enabled profile.
 */
public final class ProfileSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileSwitch.class);

    /** Listener of switch progress, for logs, LwM2M notifications and tests. */
    public interface Listener {
        default void stepReached(SwitchStep step, Iccid target) {
        }

        default void selectionChanged(Selection selection) {
        }

        /** A switch ended, committed or rolled back. */
        default void finished(SwitchOutcome outcome) {
        }
    }

    private final ProfileStore store;
    private final Journal journal;
    private final Modem modem;
    private final Duration rollbackTimeout;
    private final SwitchFaults faults;
    private final Function<NetworkInfo, Optional<StoredProfile>> syntheticProfiles;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile ServerReachability reachability = ServerReachability.NOT_REQUIRED;

    /**
     * @param syntheticProfiles for a terminal holding Ku: the profile derived for a visible network
     *        (not yet installed); {@code n -> Optional.empty()} for legacy terminals
     */
    public ProfileSwitch(ProfileStore store, Journal journal, Modem modem, Duration rollbackTimeout,
            SwitchFaults faults, Function<NetworkInfo, Optional<StoredProfile>> syntheticProfiles) {
        this.store = store;
        this.journal = journal;
        this.modem = modem;
        this.rollbackTimeout = rollbackTimeout;
        this.faults = Objects.requireNonNull(faults);
        this.syntheticProfiles = syntheticProfiles;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** How the switch decides the management server is reachable over the new profile. */
    public void setReachability(ServerReachability reachability) {
        this.reachability = reachability;
    }

    public Duration rollbackTimeout() {
        return rollbackTimeout;
    }

    /**
     * Boot: recovers an interrupted switch and attaches with the best profile.
     *
     * @return the attach that succeeded, or empty if no profile attaches on any visible network
     */
    public synchronized Optional<AttachOutcome.Attached> connect() {
        recover();
        Selection s = store.selection();
        List<Iccid> tried = new ArrayList<>();
        for (Optional<Iccid> candidate : List.of(s.enabled(), s.fallback())) {
            if (candidate.isEmpty() || tried.contains(candidate.get())) {
                continue;
            }
            tried.add(candidate.get());
            StoredProfile p = store.find(candidate.get()).orElseThrow();
            AttachOutcome o = modem.attach(p);
            if (o instanceof AttachOutcome.Attached a) {
                if (!candidate.equals(s.enabled())) {
                    journal.append("FALLBACK", "enabled=" + p.iccid() + " previous=" + s.enabled().map(Iccid::digits).orElse("-"));
                    LOG.warn("enabled profile {} cannot attach; using fallback profile {}", s.enabled().orElse(null), p.iccid());
                    select(Selection.committed(p.iccid(), s.fallback()));
                }
                return Optional.of(a);
            }
        }
        for (NetworkInfo n : modem.visibleNetworks()) {
            Optional<StoredProfile> derived = syntheticProfiles.apply(n);
            if (derived.isEmpty()) {
                continue;
            }
            Optional<StoredProfile> installed = store.find(derived.get().iccid());
            if (installed.isPresent() && tried.contains(installed.get().iccid())) {
                continue;
            }
            // Installed only once a network accepted it, so rejected networks leave no profiles behind.
            StoredProfile p = installed.orElse(derived.get().withInstanceId(store.nextInstanceId()));
            tried.add(p.iccid());
            AttachOutcome o = modem.attach(p);
            if (o instanceof AttachOutcome.Attached a) {
                if (installed.isEmpty()) {
                    store.install(p);
                    journal.append("SYNTHETIC-INSTALLED", "iccid=" + p.iccid() + " plmn=" + n.plmn());
                }
                Selection now = store.selection();
                journal.append("SYNTHETIC-ENABLED", "enabled=" + p.iccid());
                LOG.info("synthetic profile {} attached on {}; enabled", p.iccid(), n.plmn());
                select(Selection.committed(p.iccid(), now.fallback().or(() -> Optional.of(a.profile().iccid()))));
                return Optional.of(a);
            }
        }
        LOG.error("no profile attaches on any visible network ({} tried)", tried.size());
        return Optional.empty();
    }

    /** Undoes an interrupted (never committed) trial. Returns true if there was one. */
    public synchronized boolean recover() {
        Selection s = store.selection();
        if (!s.isTrialRunning()) {
            return false;
        }
        journal.append("RECOVER-ROLLBACK", "target=" + s.trial().get() + " restored=" + s.enabled().get()
                + " last=" + journal.last().replace(' ', '_'));
        LOG.warn("switch to {} was interrupted (power loss?); rolling back to {}", s.trial().get(), s.enabled().get());
        select(Selection.committed(s.enabled().get(), s.fallback()));
        return true;
    }

    /**
     * Switches to an installed profile; blocks through attach and the reachability check.
     *
     * @throws IllegalArgumentException if {@code target} is not installed
     * @throws IllegalStateException if no profile is committed or a switch is running
     */
    public synchronized SwitchOutcome switchTo(Iccid target) throws InterruptedException {
        Selection s = store.selection();
        StoredProfile targetProfile = store.find(target)
                .orElseThrow(() -> new IllegalArgumentException("no installed profile with ICCID " + target));
        if (s.isTrialRunning()) {
            throw new IllegalStateException("a switch to " + s.trial().get() + " is already running");
        }
        Iccid previous = s.enabled().orElseThrow(() -> new IllegalStateException("no committed profile"));
        if (previous.equals(target)) {
            return SwitchOutcome.committed(target);
        }
        journal.append("SWITCH-BEGIN", "target=" + target + " previous=" + previous);
        step(SwitchStep.BEGUN, target);
        select(s.withTrial(target));
        step(SwitchStep.TRIAL_SELECTED, target);
        LOG.info("switch: profile {} enabled on trial (previous {})", target, previous);
        try {
            return tryTrial(target, previous, targetProfile);
        } catch (SwitchFaults.PowerLoss e) {
            throw e; // a simulated power cut runs no recovery code; the journal and restart handle it
        } catch (RuntimeException e) {
            // Whatever broke (the LwM2M stack, the network adapter), a trial must never be left hanging.
            LOG.warn("switch to {} hit an unexpected error", target, e);
            return rollback(target, previous, "unexpected error: " + e);
        }
    }

    private SwitchOutcome tryTrial(Iccid target, Iccid previous, StoredProfile targetProfile)
            throws InterruptedException {
        AttachOutcome attach = modem.attach(targetProfile);
        if (attach instanceof AttachOutcome.Rejected r) {
            return rollback(target, previous, "attach rejected: " + r.cause());
        }
        journal.append("TRIAL-ATTACHED", "target=" + target);
        step(SwitchStep.ATTACHED, target);

        Bearer bearer = ((AttachOutcome.Attached) attach).bearer();
        boolean reached = reachability.reconnect(bearer, rollbackTimeout);
        if (!reached) {
            return rollback(target, previous,
                    "management server not reachable over the new profile within " + rollbackTimeout);
        }
        step(SwitchStep.SERVER_REACHED, target);
        select(Selection.committed(target, store.selection().fallback()));
        journal.append("COMMIT", "enabled=" + target);
        LOG.info("switch: profile {} committed", target);
        step(SwitchStep.COMMITTED, target);
        SwitchOutcome done = SwitchOutcome.committed(target);
        listeners.forEach(l -> l.finished(done));
        return done;
    }

    private SwitchOutcome rollback(Iccid target, Iccid previous, String reason) throws InterruptedException {
        journal.append("ROLLBACK", "target=" + target + " restored=" + previous + " reason=" + reason.replace(' ', '_'));
        LOG.warn("switch to {} failed ({}); rolling back to {}", target, reason, previous);
        select(Selection.committed(previous, store.selection().fallback()));
        step(SwitchStep.ROLLED_BACK, target);
        Optional<AttachOutcome.Attached> back = connect();
        if (back.isPresent()) {
            if (!reachability.reconnect(back.get().bearer(), rollbackTimeout)) {
                LOG.warn("after rollback the management server is not reachable yet; the client keeps retrying");
            }
        }
        Iccid active = store.selection().enabled().orElse(previous);
        SwitchOutcome done = SwitchOutcome.rolledBack(target, active, reason);
        listeners.forEach(l -> l.finished(done));
        return done;
    }

    private void step(SwitchStep step, Iccid target) {
        for (Listener l : listeners) {
            l.stepReached(step, target);
        }
        faults.reached(step);
    }

    private void select(Selection s) {
        store.select(s);
        for (Listener l : listeners) {
            l.selectionChanged(s);
        }
    }
}
