package org.m2mdm.client.modem;

import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.RejectCause;

/** Outcome of one attach attempt of the {@link Modem} with one profile. */
public sealed interface AttachOutcome permits AttachOutcome.Attached, AttachOutcome.Rejected {
    StoredProfile profile();

    default boolean isAttached() {
        return this instanceof Attached;
    }

    record Attached(StoredProfile profile, Bearer bearer) implements AttachOutcome {
    }

    record Rejected(StoredProfile profile, RejectCause cause, String detail) implements AttachOutcome {
    }
}
