package org.m2mdm.network;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a submitted SMS stands: {@code attempts} counts the hand-overs to the terminal's listener
 * (a listener that throws is an attempt without acknowledgement).
 */
public record SmsStatus(String id, SmsState state, int attempts, Instant submittedAt, Instant expiresAt) {
  public SmsStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public boolean isDelivered() {
    return state == SmsState.DELIVERED;
  }

  public boolean isPending() {
    return state == SmsState.PENDING;
  }
}
