package org.m2mdm.conformance;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

import org.m2mdm.envelope.EnvelopeSealer;
import org.m2mdm.envelope.pki.ServerIdentity;

/** A server identity the suite seals envelopes with: its signing key and certificate chain (own first). */
public record Signer(PrivateKey key, List<X509Certificate> chain) {

    public Signer {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("signer certificate chain is empty");
        }
    }

    /** The signer of a server identity issued by security-envelopes' CertificateAuthority. */
    public static Signer of(ServerIdentity identity) {
        return new Signer(identity.keyPair().getPrivate(), identity.certificateChain());
    }

    /** A sealer with the system clock. */
    public EnvelopeSealer sealer() {
        return sealer(Clock.systemUTC());
    }

    /** A sealer whose issued-at comes from {@code clock} (a clock in the past makes expired envelopes). */
    public EnvelopeSealer sealer(Clock clock) {
        return EnvelopeSealer.builder().signingKey(key).certificateChain(chain).clock(clock).build();
    }

    /** The subject of the signer's certificate; never the key. */
    @Override
    public String toString() {
        return "Signer[" + chain.get(0).getSubjectX500Principal().getName() + "]";
    }
}
