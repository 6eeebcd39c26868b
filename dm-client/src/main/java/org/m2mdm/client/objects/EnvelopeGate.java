package org.m2mdm.client.objects;

import java.security.PrivateKey;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

import org.m2mdm.envelope.EnvelopeOpener;
import org.m2mdm.envelope.EnvelopeRejectedException;
import org.m2mdm.envelope.EnvelopeRejectedException.Reason;
import org.m2mdm.envelope.OpenedEnvelope;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.replay.ReplayGuard;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens envelopes written to the terminal under the trust policy in force (from Application
 * Activation), with the device key and the durable replay guard. Logs every decision, never payloads.
 */
public final class EnvelopeGate {
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeGate.class);

    /** Observer of envelope decisions (terminal listeners, tests). */
    public interface Listener {
        void accepted(PayloadType type, OpenedEnvelope envelope);

        void rejected(PayloadType expected, Reason reason, String message);
    }

    private final PrivateKey deviceKey;
    private final String deviceId;
    private final ReplayGuard replayGuard;
    private final Clock clock;
    private final Supplier<TrustPolicy> policy;
    private volatile Listener listener = new Listener() {
        @Override
        public void accepted(PayloadType type, OpenedEnvelope envelope) {
        }

        @Override
        public void rejected(PayloadType expected, Reason reason, String message) {
        }
    };

    public EnvelopeGate(PrivateKey deviceKey, String deviceId, ReplayGuard replayGuard, Clock clock,
            Supplier<TrustPolicy> policy) {
        this.deviceKey = Objects.requireNonNull(deviceKey);
        this.deviceId = Objects.requireNonNull(deviceId);
        this.replayGuard = Objects.requireNonNull(replayGuard);
        this.clock = Objects.requireNonNull(clock);
        this.policy = Objects.requireNonNull(policy);
    }

    public void setListener(Listener l) {
        this.listener = Objects.requireNonNull(l);
    }

    /**
     * Opens {@code envelope} and checks it carries {@code expected}.
     *
     * @throws EnvelopeRejectedException with the opener's reason, or MALFORMED for a payload of the
     *         wrong type
     */
    public OpenedEnvelope open(byte[] envelope, PayloadType expected) throws EnvelopeRejectedException {
        try {
            OpenedEnvelope opened = EnvelopeOpener.builder().deviceKey(deviceKey).deviceId(deviceId)
                    .trustPolicy(policy.get()).replayGuard(replayGuard).clock(clock).build().open(envelope);
            if (opened.type() != expected) {
                throw new EnvelopeRejectedException(Reason.MALFORMED,
                        "envelope carries " + opened.type().label() + " where " + expected.label() + " is expected");
            }
            LOG.info("envelope accepted: {} sequence {} from {}", expected.label(), opened.sequence(),
                    opened.signer().getSubjectX500Principal().getName());
            listener.accepted(expected, opened);
            return opened;
        } catch (EnvelopeRejectedException e) {
            LOG.warn("envelope rejected ({} expected): {}", expected.label(), e.getMessage());
            listener.rejected(expected, e.reason(), e.getMessage());
            throw e;
        }
    }

    /** Reports a payload that opened fine but whose content is refused. */
    public void payloadRefused(PayloadType type, String message) {
        LOG.warn("envelope payload refused ({}): {}", type.label(), message);
        listener.rejected(type, Reason.MALFORMED, message);
    }
}
