package org.m2mdm.network;

import java.util.Objects;
import org.m2mdm.usim.Imsi;

/** What the operator side may see of a subscription: never K or OPc. */
public record SubscriberView(Imsi imsi, SubscriptionState state, DestinationFilter filter) {
  public SubscriberView {
    Objects.requireNonNull(imsi, "imsi");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(filter, "filter");
  }
}
