package org.m2mdm.envelope;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Set;

import org.m2mdm.envelope.trust.SignerRole;

/**
 * A verified and decrypted envelope. {@link #toString()} shows the payload size only, since payloads
 * carry secrets such as K and OPc.
 */
public record OpenedEnvelope(byte[] payload, PayloadType type, long sequence, X509Certificate signer,
        Set<SignerRole> signerRoles, Instant issuedAt, Instant expiresAt) {

    public OpenedEnvelope {
        signerRoles = Set.copyOf(signerRoles);
    }

    @Override
    public String toString() {
        return "OpenedEnvelope[type=" + type.label() + ", sequence=" + sequence + ", payload=" + payload.length
                + " bytes, signer=" + signer.getSubjectX500Principal().getName() + ", roles=" + signerRoles
                + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
