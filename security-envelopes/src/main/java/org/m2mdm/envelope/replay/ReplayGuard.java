package org.m2mdm.envelope.replay;

import java.util.OptionalLong;

/**
 * The highest sequence number accepted so far from each signer (signer id = key id of the signer's public
 * key). Implementations must make {@link #record} durable before returning.
 */
public interface ReplayGuard {

    /** The highest sequence accepted from this signer, if any. */
    OptionalLong highest(String signerId);

    /**
     * Records {@code sequence} as the highest accepted from this signer. Refuses (IllegalArgumentException)
     * a sequence that is not greater than the current highest, so a counter never goes backwards.
     */
    void record(String signerId, long sequence);
}
