package org.m2mdm.network;

/** Lifecycle of a subscription in an operator's HSS; only {@link #ACTIVE} subscriptions may attach. */
public enum SubscriptionState {
  /** Provisioned but not yet activated (e.g. waiting for the subscriber to activate via the portal). */
  INACTIVE,
  /** May attach and get a bearer. */
  ACTIVE,
  /** Barred by the operator: attach is refused and open bearers are closed. */
  BARRED
}
