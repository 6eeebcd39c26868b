package org.m2mdm.client.profiles;

import java.time.Instant;
import java.util.Optional;

/**
 * Result of the last attach with a profile, as exposed in 32769/x/8 and /9; {@code result} uses the
 * codes of {@link org.m2mdm.mo.UsimProfileResources} ({@code ATTACH_*}).
 */
public record AttachRecord(int result, Optional<Instant> at) {
    public static final AttachRecord NEVER = new AttachRecord(0, Optional.empty());
}
