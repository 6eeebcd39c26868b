package org.m2mdm.network;

/** Delivery state of a submitted SMS. */
public enum SmsState {
  /** Not yet acknowledged by the terminal; the SMS centre keeps retrying. */
  PENDING,
  /** The terminal's listener accepted the message. */
  DELIVERED,
  /** Validity elapsed or the attempt budget ran out before the terminal acknowledged. */
  EXPIRED
}
