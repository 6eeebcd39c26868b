package org.m2mdm.server.connectivity;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SmsStatus;
import org.m2mdm.network.SmsSubmission;
import org.m2mdm.network.SubscriberView;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * One operator's connectivity activation interface as the server sees it: its HSS subscriptions,
 * destination filters for initial connectivity, DNS and SMS. {@link NetworkSimConnectivity} adapts the
 * simulated network; a real HSS/SMSC adapter would implement this too.
 *
 * <p>Errors: an IMSI without a subscription → {@link UnknownSubscriberException}; a duplicate IMSI →
 * {@link SubscriptionExistsException}; invalid arguments → {@link IllegalArgumentException}. In every
 * case nothing changes.
 */
public interface ConnectivityProvider {

    /** The operator (network) this provider manages. */
    Plmn plmn();

    /** Loads a credential set into the AuC/HSS with an initial state and filter. */
    void createSubscription(UsimCredentials credentials, SubscriptionState initial, DestinationFilter filter);

    /** Lets the subscription attach. */
    void activate(Imsi imsi);

    /** Back to INACTIVE; open bearers are closed. */
    void deactivate(Imsi imsi);

    /** Bars the subscription; open bearers are closed at once. */
    void bar(Imsi imsi);

    /** Removes the subscription and its credentials from the HSS. */
    void terminate(Imsi imsi);

    /** Replaces the destination filter (e.g. from "AAS and management servers only" to "allow all"). */
    void setFilter(Imsi imsi, DestinationFilter filter);

    /** The subscription without its secrets, if it exists. */
    Optional<SubscriberView> find(Imsi imsi);

    /** Whether a terminal with this IMSI is attached right now. */
    boolean isAttached(Imsi imsi);

    /** Adds or replaces a DNS record in the operator's network (scenario 3: the AAS name). */
    void putDnsRecord(String name, InetSocketAddress address);

    /** Sends an SMS (e.g. the OTA trigger carrying the AAS address), retransmitted until acknowledged or expired. */
    SmsSubmission sendSms(Imsi to, byte[] payload, Duration validity);

    /** Delivery state of a submitted SMS; unknown id → {@link java.util.NoSuchElementException}. */
    SmsStatus smsStatus(String smsId);
}
