package org.m2mdm.envelope.trust;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A signer whose chain validated against the trust anchors: its certificate, the roles it effectively
 * holds, its key id (the replay-counter signer id) and the window in which the whole chain is valid.
 */
public record ValidatedSigner(X509Certificate certificate, List<X509Certificate> chain, Set<SignerRole> roles,
        String keyId, Instant validFrom, Instant validUntil) {

    public ValidatedSigner {
        chain = List.copyOf(chain);
        roles = Set.copyOf(roles);
    }

    /** Whether every certificate of the chain is valid at {@code instant}. */
    public boolean validAt(Instant instant) {
        return !instant.isBefore(validFrom) && !instant.isAfter(validUntil);
    }
}
