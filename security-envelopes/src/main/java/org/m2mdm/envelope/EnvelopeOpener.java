package org.m2mdm.envelope;

import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.m2mdm.envelope.EnvelopeRejectedException.Reason;
import org.m2mdm.envelope.cose.Cose;
import org.m2mdm.envelope.cose.CoseCrypto;
import org.m2mdm.envelope.cose.CoseException;
import org.m2mdm.envelope.cose.CoseKeys;
import org.m2mdm.envelope.cose.CoseStructures;
import org.m2mdm.envelope.cose.EnvelopeProfile;
import org.m2mdm.envelope.pki.Fingerprints;
import org.m2mdm.envelope.replay.ReplayGuard;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.envelope.trust.UntrustedSignerException;
import org.m2mdm.envelope.trust.ValidatedSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.upokecenter.cbor.CBORObject;

/**
 * The terminal side: opens envelopes sealed for this device. Checks run in this order and the first
 * failure decides the {@link Reason}: size cap → strict CBOR decode → algorithm allow-list → signer chain
 * and role → signature → device id and key id → expiry → sequence number → decryption. Only when all
 * pass is the sequence number recorded in the {@link ReplayGuard}.
 *
 * <p>Thread-safe: any number of threads may open envelopes concurrently; the replay check, decryption and
 * record run under a lock per signer, so two copies of one envelope can never both be accepted.
 */
public final class EnvelopeOpener {

    /** Default size cap: 64 KiB. */
    public static final int DEFAULT_MAX_SIZE = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeOpener.class);

    private final AsymmetricKeyParameter deviceKey;
    private final String deviceId;
    private final byte[] deviceKeyId;
    private final int expectedAlg;
    private final TrustPolicy trustPolicy;
    private final ReplayGuard replayGuard;
    private final Clock clock;
    private final int maxSize;
    private final Duration clockSkew;
    private final Map<String, AsymmetricKeyParameter> verifiers = new ConcurrentHashMap<>();
    private final Map<String, Object> signerLocks = new ConcurrentHashMap<>();

    private EnvelopeOpener(Builder builder) {
        Objects.requireNonNull(builder.deviceKey, "deviceKey");
        this.deviceId = Objects.requireNonNull(builder.deviceId, "deviceId");
        this.trustPolicy = Objects.requireNonNull(builder.trustPolicy, "trustPolicy");
        this.replayGuard = Objects.requireNonNull(builder.replayGuard, "replayGuard");
        this.deviceKey = CoseKeys.privateKey(builder.deviceKey);
        if (deviceKey instanceof ECPrivateKeyParameters) {
            expectedAlg = Cose.ALG_ES256;
        } else if (deviceKey instanceof X25519PrivateKeyParameters) {
            expectedAlg = Cose.ALG_EDDSA;
        } else {
            throw new IllegalArgumentException("device key must be P-256 or X25519");
        }
        this.deviceKeyId = Fingerprints.sha256(CoseKeys.subjectPublicKeyInfo(CoseKeys.publicOf(deviceKey)));
        this.clock = builder.clock;
        this.maxSize = builder.maxSize;
        this.clockSkew = builder.clockSkew;
    }

    /** A builder; device key, device id, trust policy and replay guard are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Verifies and decrypts {@code envelope}, or says precisely why not. */
    public OpenedEnvelope open(byte[] envelope) throws EnvelopeRejectedException {
        try {
            return openChecked(envelope);
        } catch (EnvelopeRejectedException e) {
            LOG.debug("envelope rejected: {}", e.getMessage());
            throw e;
        }
    }

    private OpenedEnvelope openChecked(byte[] envelope) throws EnvelopeRejectedException {
        if (envelope == null) {
            throw new EnvelopeRejectedException(Reason.MALFORMED, "no envelope");
        }
        if (envelope.length > maxSize) {
            throw new EnvelopeRejectedException(Reason.TOO_LARGE,
                    envelope.length + " bytes exceed the cap of " + maxSize);
        }
        EnvelopeProfile.Parsed parsed;
        PayloadType type;
        try {
            parsed = EnvelopeProfile.parse(envelope);
            type = PayloadType.fromLabel(parsed.claims().payloadType());
        } catch (CoseException e) {
            throw new EnvelopeRejectedException(Reason.MALFORMED, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new EnvelopeRejectedException(Reason.MALFORMED, "unknown payload type");
        }

        checkAlgorithms(parsed);

        Instant now = clock.instant();
        ValidatedSigner signer;
        try {
            signer = trustPolicy.validate(parsed.x5chain(), now);
        } catch (UntrustedSignerException e) {
            throw new EnvelopeRejectedException(Reason.UNTRUSTED_SIGNER, e.getMessage());
        }
        if (!trustPolicy.allows(signer.roles(), type)) {
            throw new EnvelopeRejectedException(Reason.SIGNER_ROLE_NOT_ALLOWED,
                    "signer roles " + signer.roles() + " may not send " + type.label());
        }

        AsymmetricKeyParameter verifier = verifiers.computeIfAbsent(signer.keyId(), id -> {
            try {
                return CoseKeys.publicKey(signer.certificate().getPublicKey());
            } catch (IllegalArgumentException e) {
                return null;
            }
        });
        byte[] toBeSigned = CoseStructures.sigStructure1(parsed.protectedBytes(), new byte[0], parsed.payload());
        if (verifier == null || !CoseCrypto.verify(parsed.alg(), verifier, toBeSigned, parsed.signature())) {
            throw new EnvelopeRejectedException(Reason.BAD_SIGNATURE, "signature does not verify");
        }

        EnvelopeProfile.Claims claims = parsed.claims();
        if (!claims.deviceId().equals(deviceId)
                || !MessageDigest.isEqual(claims.deviceKeyId(), deviceKeyId)) {
            throw new EnvelopeRejectedException(Reason.WRONG_DEVICE, "envelope is sealed for another device");
        }

        long nowSeconds = now.getEpochSecond();
        if (nowSeconds > claims.expiresAt()) {
            throw new EnvelopeRejectedException(Reason.EXPIRED, "envelope expired at " + claims.expiresAt());
        }
        if (nowSeconds + clockSkew.getSeconds() < claims.issuedAt()) {
            throw new EnvelopeRejectedException(Reason.NOT_YET_VALID, "envelope issued in the future");
        }

        String signerId = signer.keyId();
        Object lock = signerLocks.computeIfAbsent(signerId, id -> new Object());
        synchronized (lock) {
            OptionalLong highest = replayGuard.highest(signerId);
            if (highest.isPresent() && claims.sequence() <= highest.getAsLong()) {
                throw new EnvelopeRejectedException(Reason.REPLAYED,
                        "sequence " + claims.sequence() + " is not above " + highest.getAsLong());
            }
            byte[] payload = decrypt(parsed);
            replayGuard.record(signerId, claims.sequence());
            LOG.debug("accepted {} envelope, sequence {}, from signer {}", type.label(), claims.sequence(), signerId);
            return new OpenedEnvelope(payload, type, claims.sequence(), signer.certificate(), signer.roles(),
                    Instant.ofEpochSecond(claims.issuedAt()), Instant.ofEpochSecond(claims.expiresAt()));
        }
    }

    private void checkAlgorithms(EnvelopeProfile.Parsed parsed) throws EnvelopeRejectedException {
        if (parsed.unprotectedAlg()) {
            throw new EnvelopeRejectedException(Reason.UNSUPPORTED_ALGORITHM, "alg must be in the protected header");
        }
        if (parsed.alg() == null || parsed.alg() != expectedAlg) {
            throw new EnvelopeRejectedException(Reason.UNSUPPORTED_ALGORITHM, "signature algorithm " + parsed.alg()
                    + " not accepted (expected " + expectedAlg + ")");
        }
        EnvelopeProfile.Inner inner = parsed.inner();
        if (inner.contentAlg() == null || inner.contentAlg() != Cose.ALG_A256GCM) {
            throw new EnvelopeRejectedException(Reason.UNSUPPORTED_ALGORITHM,
                    "content algorithm " + inner.contentAlg() + " not accepted");
        }
        if (inner.recipientAlg() == null || inner.recipientAlg() != Cose.ALG_ECDH_ES_HKDF_256) {
            throw new EnvelopeRejectedException(Reason.UNSUPPORTED_ALGORITHM,
                    "key agreement algorithm " + inner.recipientAlg() + " not accepted");
        }
        CBORObject key = inner.ephemeralKey();
        CBORObject kty = key.get(CBORObject.FromObject(Cose.KEY_KTY));
        CBORObject crv = key.get(CBORObject.FromObject(Cose.KEY_CRV));
        int wantedKty = expectedAlg == Cose.ALG_ES256 ? Cose.KTY_EC2 : Cose.KTY_OKP;
        int wantedCrv = expectedAlg == Cose.ALG_ES256 ? Cose.CRV_P256 : Cose.CRV_X25519;
        if (!CBORObject.FromObject(wantedKty).equals(kty) || !CBORObject.FromObject(wantedCrv).equals(crv)) {
            throw new EnvelopeRejectedException(Reason.UNSUPPORTED_ALGORITHM, "ephemeral key type not accepted");
        }
    }

    private byte[] decrypt(EnvelopeProfile.Parsed parsed) throws EnvelopeRejectedException {
        EnvelopeProfile.Inner inner = parsed.inner();
        byte[] cek = null;
        try {
            AsymmetricKeyParameter ephemeral = CoseKeys.decodeEphemeral(inner.ephemeralKey());
            byte[] secret = CoseCrypto.agree(deviceKey, ephemeral);
            cek = CoseCrypto.hkdfSha256(secret,
                    CoseStructures.kdfContext(Cose.ALG_A256GCM, 256, inner.recipientProtected()), 32);
            Arrays.fill(secret, (byte) 0);
            byte[] aad = CoseStructures.encStructure("Encrypt", inner.protectedBytes(), parsed.protectedBytes());
            return CoseCrypto.gcmDecrypt(cek, inner.iv(), aad, inner.ciphertext());
        } catch (CoseException e) {
            throw new EnvelopeRejectedException(Reason.DECRYPTION_FAILED, e.getMessage());
        } finally {
            if (cek != null) {
                Arrays.fill(cek, (byte) 0);
            }
        }
    }

    @Override
    public String toString() {
        return "EnvelopeOpener[deviceId=" + deviceId + ", maxSize=" + maxSize + "]";
    }

    /** Builds an {@link EnvelopeOpener}. */
    public static final class Builder {
        private PrivateKey deviceKey;
        private String deviceId;
        private TrustPolicy trustPolicy;
        private ReplayGuard replayGuard;
        private Clock clock = Clock.systemUTC();
        private int maxSize = DEFAULT_MAX_SIZE;
        private Duration clockSkew = Duration.ofMinutes(5);

        private Builder() {
        }

        /** The device's static key-agreement key (P-256, or X25519 for the Ed25519 suite). */
        public Builder deviceKey(PrivateKey deviceKey) {
            this.deviceKey = deviceKey;
            return this;
        }

        /** The device id envelopes must name (the endpoint name in the device certificate). */
        public Builder deviceId(String deviceId) {
            this.deviceId = deviceId;
            return this;
        }

        public Builder trustPolicy(TrustPolicy trustPolicy) {
            this.trustPolicy = trustPolicy;
            return this;
        }

        public Builder replayGuard(ReplayGuard replayGuard) {
            this.replayGuard = replayGuard;
            return this;
        }

        /** The clock for expiry and certificate validity (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Size cap in bytes, checked before any parsing (default 64 KiB). */
        public Builder maxSize(int maxSize) {
            if (maxSize < 64) {
                throw new IllegalArgumentException("maxSize too small for any envelope");
            }
            this.maxSize = maxSize;
            return this;
        }

        /** How far in the future issued-at may be (default 5 minutes) for a device clock running slow. */
        public Builder clockSkew(Duration clockSkew) {
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("clock skew must not be negative");
            }
            this.clockSkew = clockSkew;
            return this;
        }

        public EnvelopeOpener build() {
            return new EnvelopeOpener(this);
        }
    }
}
