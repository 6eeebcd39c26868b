package org.m2mdm.network;

import java.util.Objects;

/** Outcome of {@link AccessNetwork#attach}: either a bearer or a reject cause. */
public sealed interface AttachResult permits AttachResult.Attached, AttachResult.Rejected {

  /** True when the attach produced a bearer. */
  default boolean isAttached() {
    return this instanceof Attached;
  }

  /** The network accepted the terminal; the bearer is open until closed by either side. */
  record Attached(Bearer bearer) implements AttachResult {
    public Attached {
      Objects.requireNonNull(bearer, "bearer");
    }
  }

  /** The network refused the terminal; {@code detail} is a human-readable reason without secrets. */
  record Rejected(RejectCause cause, String detail) implements AttachResult {
    public Rejected {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
