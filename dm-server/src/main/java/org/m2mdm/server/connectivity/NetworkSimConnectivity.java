package org.m2mdm.server.connectivity;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SmsStatus;
import org.m2mdm.network.SmsSubmission;
import org.m2mdm.network.SubscriberProvisioning;
import org.m2mdm.network.SubscriberView;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.network.NetworkInfo;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/** {@link ConnectivityProvider} over one operator's {@link SubscriberProvisioning} in network-sim. */
public final class NetworkSimConnectivity implements ConnectivityProvider {
    private final SubscriberProvisioning provisioning;

    public NetworkSimConnectivity(SubscriberProvisioning provisioning) {
        this.provisioning = Objects.requireNonNull(provisioning, "provisioning");
    }

    /** One provider per operator of a simulated network. */
    public static ConnectivityProviders forAll(SimulatedNetwork network) {
        List<ConnectivityProvider> providers = new ArrayList<>();
        for (NetworkInfo info : network.visibleNetworks()) {
            providers.add(new NetworkSimConnectivity(network.provisioning(info.plmn())));
        }
        return ConnectivityProviders.of(providers);
    }

    @Override
    public Plmn plmn() {
        return provisioning.plmn();
    }

    @Override
    public void createSubscription(UsimCredentials credentials, SubscriptionState initial, DestinationFilter filter) {
        Objects.requireNonNull(credentials, "credentials");
        try {
            provisioning.createSubscription(credentials, initial, filter);
        } catch (IllegalStateException e) {
            throw new SubscriptionExistsException(
                    "operator " + plmn() + " already has a subscription for IMSI " + credentials.imsi(), e);
        }
    }

    @Override
    public void activate(Imsi imsi) {
        run(imsi, () -> provisioning.activate(imsi));
    }

    @Override
    public void deactivate(Imsi imsi) {
        run(imsi, () -> provisioning.deactivate(imsi));
    }

    @Override
    public void bar(Imsi imsi) {
        run(imsi, () -> provisioning.bar(imsi));
    }

    @Override
    public void terminate(Imsi imsi) {
        run(imsi, () -> provisioning.delete(imsi));
    }

    @Override
    public void setFilter(Imsi imsi, DestinationFilter filter) {
        Objects.requireNonNull(filter, "filter");
        run(imsi, () -> provisioning.setFilter(imsi, filter));
    }

    @Override
    public Optional<SubscriberView> find(Imsi imsi) {
        return provisioning.find(imsi);
    }

    @Override
    public boolean isAttached(Imsi imsi) {
        return provisioning.isAttached(imsi);
    }

    @Override
    public void putDnsRecord(String name, InetSocketAddress address) {
        provisioning.putDnsRecord(name, address);
    }

    @Override
    public SmsSubmission sendSms(Imsi to, byte[] payload, Duration validity) {
        return call(to, () -> provisioning.sendSms(to, payload, validity));
    }

    @Override
    public SmsStatus smsStatus(String smsId) {
        return provisioning.smsStatus(smsId);
    }

    @Override
    public String toString() {
        return "NetworkSimConnectivity[" + plmn() + "]";
    }

    private void run(Imsi imsi, Runnable action) {
        call(imsi, () -> {
            action.run();
            return null;
        });
    }

    private <T> T call(Imsi imsi, Supplier<T> action) {
        Objects.requireNonNull(imsi, "imsi");
        try {
            return action.get();
        } catch (NoSuchElementException e) {
            throw new UnknownSubscriberException("operator " + plmn() + " has no subscription for IMSI " + imsi, e);
        }
    }
}
