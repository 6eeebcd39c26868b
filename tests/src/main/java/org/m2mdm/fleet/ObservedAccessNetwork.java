package org.m2mdm.fleet;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.m2mdm.network.AccessNetwork;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.NetworkInfo;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.aka.AkaResponder;

/**
 * The radio as one terminal sees it, with a log of its attach attempts: which network, which IMSI, accepted
 * or the reject cause. It only observes; every call goes to the real access network.
 */
public final class ObservedAccessNetwork implements AccessNetwork {
    /** One attach attempt; {@code rejectCause} is empty when the network accepted it. */
    public record Attempt(Plmn plmn, Imsi imsi, String rejectCause) {
        public boolean accepted() {
            return rejectCause.isEmpty();
        }
    }

    private final AccessNetwork radio;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final List<Consumer<Attempt>> listeners = new CopyOnWriteArrayList<>();

    public ObservedAccessNetwork(AccessNetwork radio) {
        this.radio = Objects.requireNonNull(radio);
    }

    @Override
    public List<NetworkInfo> visibleNetworks() {
        return radio.visibleNetworks();
    }

    @Override
    public AttachResult attach(Plmn plmn, Imsi imsi, AkaResponder usim) {
        AttachResult r = radio.attach(plmn, imsi, usim);
        Attempt a = new Attempt(plmn, imsi, r instanceof AttachResult.Rejected rej ? rej.cause().name() : "");
        attempts.add(a);
        listeners.forEach(l -> l.accept(a));
        return r;
    }

    /** Every attempt so far, oldest first. */
    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public void onAttempt(Consumer<Attempt> listener) {
        listeners.add(listener);
    }
}
