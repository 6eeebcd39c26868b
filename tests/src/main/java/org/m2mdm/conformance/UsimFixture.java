package org.m2mdm.conformance;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the USIM cases need beyond the client itself: a signer the client trusts for
 * {@code usim-profile} envelopes (role USIM_MANAGEMENT under the client's trust policy), the
 * client's device certificate (envelopes are sealed for its key and endpoint name), optionally a
 * signer chained to a trusted anchor but without that role, a supply of new profiles, the first
 * envelope sequence number and how long a switch or rollback may take.
 *
 * <p>Sequence numbers start above anything a previous run used: by default at the current time in
 * milliseconds, since the client's replay guard survives restarts.
 */
public final class UsimFixture {
    private final Signer signer;
    private final Signer wrongRoleSigner;
    private final X509Certificate deviceCertificate;
    private final ProfileSupply profiles;
    private final AtomicLong sequence;
    private final Duration switchTimeout;
    // State shared by the USIM cases of one run (install → switch → replay).
    private volatile byte[] lastAcceptedEnvelope;
    private volatile String installedAttachableIccid;
    private volatile SwitchStart switchStart;

    /** Where the switch case started: its target, the profile enabled before, the registration counts. */
    record SwitchStart(String target, String previous, long registrations, long updates) {
    }

    private UsimFixture(Builder b) {
        this.signer = Objects.requireNonNull(b.signer, "signer");
        this.deviceCertificate = Objects.requireNonNull(b.deviceCertificate, "deviceCertificate");
        this.wrongRoleSigner = b.wrongRoleSigner;
        this.profiles = b.profiles == null ? ProfileSupply.unattachableOnly() : b.profiles;
        this.sequence = new AtomicLong(b.firstSequence >= 0 ? b.firstSequence : System.currentTimeMillis());
        this.switchTimeout = b.switchTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The trusted USIM_MANAGEMENT signer. */
    public Signer signer() {
        return signer;
    }

    /** A signer chained to a trusted anchor whose roles do not allow usim-profile, if given. */
    public Optional<Signer> wrongRoleSigner() {
        return Optional.ofNullable(wrongRoleSigner);
    }

    /** The client's device certificate (its CN is the device id sealed into envelopes). */
    public X509Certificate deviceCertificate() {
        return deviceCertificate;
    }

    public ProfileSupply profiles() {
        return profiles;
    }

    /** The next envelope sequence number (strictly increasing within and across runs). */
    public long nextSequence() {
        return sequence.getAndIncrement();
    }

    /** How long a switch (attach, re-registration, commit) or a rollback may take. */
    public Duration switchTimeout() {
        return switchTimeout;
    }

    Optional<byte[]> lastAcceptedEnvelope() {
        return Optional.ofNullable(lastAcceptedEnvelope);
    }

    void acceptedEnvelope(byte[] envelope) {
        this.lastAcceptedEnvelope = envelope.clone();
    }

    Optional<String> installedAttachableIccid() {
        return Optional.ofNullable(installedAttachableIccid);
    }

    void installedAttachable(String iccid) {
        this.installedAttachableIccid = iccid;
    }

    Optional<SwitchStart> switchStart() {
        return Optional.ofNullable(switchStart);
    }

    void switchStarted(SwitchStart start) {
        this.switchStart = start;
    }

    @Override
    public String toString() {
        return "UsimFixture[signer=" + signer + ", device=" + deviceCertificate.getSubjectX500Principal().getName()
                + ", wrongRoleSigner=" + wrongRoleSigner + "]";
    }

    /** Builds a {@link UsimFixture}; signer and device certificate are required. */
    public static final class Builder {
        private Signer signer;
        private Signer wrongRoleSigner;
        private X509Certificate deviceCertificate;
        private ProfileSupply profiles;
        private long firstSequence = -1;
        private Duration switchTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder signer(Signer signer) {
            this.signer = signer;
            return this;
        }

        public Builder wrongRoleSigner(Signer signer) {
            this.wrongRoleSigner = signer;
            return this;
        }

        public Builder deviceCertificate(X509Certificate certificate) {
            this.deviceCertificate = certificate;
            return this;
        }

        public Builder profiles(ProfileSupply profiles) {
            this.profiles = profiles;
            return this;
        }

        /** The first sequence number (default: now in milliseconds). */
        public Builder firstSequence(long first) {
            if (first < 0) {
                throw new IllegalArgumentException("sequence must not be negative");
            }
            this.firstSequence = first;
            return this;
        }

        public Builder switchTimeout(Duration timeout) {
            this.switchTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public UsimFixture build() {
            return new UsimFixture(this);
        }
    }
}
