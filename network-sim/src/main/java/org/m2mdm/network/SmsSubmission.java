package org.m2mdm.network;

import java.util.Objects;

/** Receipt of {@link SubscriberProvisioning#sendSms}: the id to query {@link SubscriberProvisioning#smsStatus} with. */
public record SmsSubmission(String id) {
  public SmsSubmission {
    Objects.requireNonNull(id, "id");
  }
}
