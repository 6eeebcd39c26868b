package org.m2mdm.network;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.m2mdm.usim.Imsi;

/** A mobile-terminated SMS (e.g. an OTA trigger) as the terminal receives it. The payload is copied in and out. */
public record SmsMessage(String id, Imsi to, byte[] payload, Instant submittedAt) {
  public SmsMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(submittedAt, "submittedAt");
    payload = Objects.requireNonNull(payload, "payload").clone();
  }

  /** A copy of the payload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SmsMessage other
        && id.equals(other.id)
        && to.equals(other.to)
        && Arrays.equals(payload, other.payload)
        && submittedAt.equals(other.submittedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, to, Arrays.hashCode(payload), submittedAt);
  }

  @Override
  public String toString() {
    return "SmsMessage[id=" + id + ", to=" + to + ", " + payload.length + " bytes, submittedAt=" + submittedAt + "]";
  }

  /** Hex of the payload, for diagnostics of OTA triggers. */
  public String payloadHex() {
    return HexFormat.of().formatHex(payload);
  }
}
