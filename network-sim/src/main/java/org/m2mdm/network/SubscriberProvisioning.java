package org.m2mdm.network;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * The operator side of one network: its HSS subscriptions, DNS and SMS centre. A real HSS/SMSC adapter
 * could implement this. Methods naming an IMSI without a subscription throw
 * {@link java.util.NoSuchElementException}; invalid arguments throw {@link IllegalArgumentException};
 * in both cases nothing changes.
 */
public interface SubscriberProvisioning {

  /** The network this provisioning interface manages. */
  Plmn plmn();

  /**
   * Loads a credential set (legacy or f(Ku)-derived) into the AuC/HSS with an initial state and filter.
   *
   * @throws IllegalStateException if a subscription for the IMSI already exists
   */
  void createSubscription(UsimCredentials credentials, SubscriptionState state, DestinationFilter filter);

  /** Lets the subscription attach. */
  void activate(Imsi imsi);

  /** Returns the subscription to {@link SubscriptionState#INACTIVE}; open bearers are closed. */
  void deactivate(Imsi imsi);

  /** Bars the subscription; open bearers are closed at once. */
  void bar(Imsi imsi);

  /** Removes the subscription and its credentials; open bearers are closed. */
  void delete(Imsi imsi);

  /** Replaces the destination filter; it applies to open bearers from the next datagram on. */
  void setFilter(Imsi imsi, DestinationFilter filter);

  /** The subscription without its secrets, if it exists. */
  Optional<SubscriberView> find(Imsi imsi);

  /** All subscriptions, ordered by IMSI. */
  List<SubscriberView> subscribers();

  /** True while a terminal with this IMSI has an open bearer on this network. */
  boolean isAttached(Imsi imsi);

  /** Adds or replaces a DNS record of this network (name to 127.0.0.1:port). */
  void putDnsRecord(String name, InetSocketAddress address);

  /** Removes a DNS record; returns whether it existed. */
  boolean removeDnsRecord(String name);

  /**
   * Submits an SMS to the SMS centre, which retransmits it to the terminal's bearer until the
   * terminal acknowledges, the attempts run out or {@code validity} elapses.
   */
  SmsSubmission sendSms(Imsi to, byte[] payload, Duration validity);

  /**
   * Delivery state of a submitted SMS.
   *
   * @throws java.util.NoSuchElementException for an id this network did not issue
   */
  SmsStatus smsStatus(String id);
}
