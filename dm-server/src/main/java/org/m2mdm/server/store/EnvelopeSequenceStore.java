package org.m2mdm.server.store;

import java.util.OptionalLong;

/** Per-endpoint envelope sequence numbers: strictly increasing, durable, never repeated across restarts or nodes. */
public interface EnvelopeSequenceStore {

    /** Atomically increments and returns the endpoint's sequence number (the first is 1). */
    long next(String endpoint);

    /** The last number handed out, if any. */
    OptionalLong current(String endpoint);
}
