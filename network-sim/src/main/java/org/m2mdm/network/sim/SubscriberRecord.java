package org.m2mdm.network.sim;

import java.util.Objects;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriberView;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.Sqn;
import org.m2mdm.usim.UsimCredentials;

/**
 * One subscription as the AuC/HSS holds it: credentials (with K and OPc), state, filter and SQN_HE,
 * the highest sequence number the AuC has put into an authentication vector. Only the HSS and its
 * store see this type; everything else gets a {@link SubscriberView}.
 */
public record SubscriberRecord(UsimCredentials credentials, SubscriptionState state, DestinationFilter filter, Sqn sqn) {

  public SubscriberRecord {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(sqn, "sqn");
  }

  /** The HSS key: the IMSI digits (the MNC length is not part of a subscriber's identity). */
  public String key() {
    return credentials.imsi().digits();
  }

  public SubscriberRecord withState(SubscriptionState newState) {
    return new SubscriberRecord(credentials, newState, filter, sqn);
  }

  public SubscriberRecord withFilter(DestinationFilter newFilter) {
    return new SubscriberRecord(credentials, state, newFilter, sqn);
  }

  public SubscriberRecord withSqn(Sqn newSqn) {
    return new SubscriberRecord(credentials, state, filter, newSqn);
  }

  public SubscriberView view() {
    return new SubscriberView(credentials.imsi(), state, filter);
  }

  @Override
  public String toString() {
    return "SubscriberRecord[imsi=" + credentials.imsi() + ", state=" + state + ", filter=" + filter + ", sqn=" + sqn
        + ", k/opc redacted]";
  }
}
