package org.m2mdm.network;

/** Why an attach was refused; loosely modelled on the 3GPP EMM/GMM reject causes. */
public enum RejectCause {
  /** The operator's HSS has no subscription for this IMSI (cf. EMM cause #2 "IMSI unknown in HSS"). */
  UNKNOWN_IMSI,
  /** AKA failed: the USIM rejected the network's AUTN (MAC failure) or RES did not match XRES. */
  AUTHENTICATION_FAILURE,
  /** The USIM reported a synchronisation failure again after the network had resynchronised once. */
  SYNC_FAILURE,
  /** The subscription exists but is inactive or barred (cf. EMM cause #7/#8 "services not allowed"). */
  NOT_ALLOWED,
  /** No visible network has the requested PLMN id. */
  NETWORK_NOT_FOUND
}
