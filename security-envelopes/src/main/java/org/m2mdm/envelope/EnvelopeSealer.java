package org.m2mdm.envelope;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.m2mdm.envelope.cose.Cose;
import org.m2mdm.envelope.cose.CoseCrypto;
import org.m2mdm.envelope.cose.CoseException;
import org.m2mdm.envelope.cose.CoseKeys;
import org.m2mdm.envelope.cose.CoseStructures;
import org.m2mdm.envelope.cose.EnvelopeProfile;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.pki.Fingerprints;

/**
 * The server side: seals a payload for one device. The payload is encrypted with A256GCM under a key
 * agreed by ECDH-ES + HKDF-256 between a fresh ephemeral key and the device's static key (P-256, or X25519
 * for the Ed25519 suite), and the result is signed (ES256 or EdDSA, following the signing key) with the
 * claims naming the device, its key, the payload type, sequence number and validity window.
 *
 * <p>Thread-safe: a sealer holds only immutable state.
 */
public final class EnvelopeSealer {

    private final AsymmetricKeyParameter signingKey;
    private final int alg;
    private final List<byte[]> x5chain;
    private final Clock clock;
    private final SecureRandom random;

    private EnvelopeSealer(Builder builder) {
        Objects.requireNonNull(builder.signingKey, "signingKey");
        Objects.requireNonNull(builder.certificateChain, "certificateChain");
        if (builder.certificateChain.isEmpty() || builder.certificateChain.size() > 4) {
            throw new IllegalArgumentException("certificate chain must hold 1 to 4 certificates");
        }
        this.signingKey = CoseKeys.privateKey(builder.signingKey);
        if (signingKey instanceof ECPrivateKeyParameters) {
            alg = Cose.ALG_ES256;
        } else if (signingKey instanceof Ed25519PrivateKeyParameters) {
            alg = Cose.ALG_EDDSA;
        } else {
            throw new IllegalArgumentException("signing key must be P-256 or Ed25519");
        }
        byte[] derived = CoseKeys.subjectPublicKeyInfo(CoseKeys.publicOf(signingKey));
        if (!Arrays.equals(derived, builder.certificateChain.get(0).getPublicKey().getEncoded())) {
            throw new IllegalArgumentException("signing key does not match the first certificate of the chain");
        }
        List<byte[]> chain = new ArrayList<>();
        try {
            for (X509Certificate certificate : builder.certificateChain) {
                chain.add(certificate.getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
        this.x5chain = List.copyOf(chain);
        this.clock = builder.clock;
        this.random = builder.random;
    }

    /** A builder; signing key and certificate chain are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Seals for the device named by {@code deviceCertificate} (its CN is the device id). */
    public byte[] seal(byte[] payload, PayloadType type, X509Certificate deviceCertificate, long sequence,
            Duration lifetime) {
        return seal(payload, type, deviceCertificate.getPublicKey(), DeviceIdentity.endpointOf(deviceCertificate),
                sequence, lifetime);
    }

    /**
     * Seals {@code payload} for the device {@code deviceId} holding {@code deviceKey}, valid from now for
     * {@code lifetime}. {@code sequence} must be above every sequence this server used for the device.
     */
    public byte[] seal(byte[] payload, PayloadType type, PublicKey deviceKey, String deviceId, long sequence,
            Duration lifetime) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(type, "type");
        if (deviceId == null || deviceId.isEmpty() || deviceId.length() > 256) {
            throw new IllegalArgumentException("device id must be 1 to 256 characters");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        AsymmetricKeyParameter recipient = CoseKeys.publicKey(deviceKey);
        boolean matches = alg == Cose.ALG_ES256 ? recipient instanceof ECPublicKeyParameters
                : recipient instanceof X25519PublicKeyParameters;
        if (!matches) {
            throw new IllegalArgumentException(alg == Cose.ALG_ES256 ? "ES256 envelopes need a P-256 device key"
                    : "EdDSA envelopes need an X25519 device key");
        }
        long issuedAt = clock.instant().getEpochSecond();
        long expiresAt = Math.addExact(issuedAt, Math.max(1, lifetime.getSeconds()));
        EnvelopeProfile.Claims claims = new EnvelopeProfile.Claims(deviceId, Fingerprints.keyIdBytes(deviceKey),
                type.label(), sequence, issuedAt, expiresAt);
        byte[] protectedBytes = EnvelopeProfile.protectedHeader(alg, x5chain, claims);

        AsymmetricCipherKeyPair ephemeral = CoseCrypto.ephemeralFor(recipient, random);
        byte[] recipientProtected = EnvelopeProfile.algOnlyHeader(Cose.ALG_ECDH_ES_HKDF_256);
        byte[] contentProtected = EnvelopeProfile.algOnlyHeader(Cose.ALG_A256GCM);
        byte[] cek;
        try {
            byte[] secret = CoseCrypto.agree(ephemeral.getPrivate(), recipient);
            cek = CoseCrypto.hkdfSha256(secret, CoseStructures.kdfContext(Cose.ALG_A256GCM, 256, recipientProtected), 32);
            Arrays.fill(secret, (byte) 0);
        } catch (CoseException e) {
            throw new IllegalArgumentException("device key unusable for key agreement");
        }
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        byte[] aad = CoseStructures.encStructure("Encrypt", contentProtected, protectedBytes);
        byte[] ciphertext = CoseCrypto.gcmEncrypt(cek, iv, aad, payload);
        Arrays.fill(cek, (byte) 0);
        byte[] inner = EnvelopeProfile.encrypt(contentProtected, iv, ciphertext, recipientProtected,
                CoseKeys.encodeEphemeral(ephemeral.getPublic()));

        byte[] toBeSigned = CoseStructures.sigStructure1(protectedBytes, new byte[0], inner);
        try {
            return EnvelopeProfile.sign1(protectedBytes, inner, CoseCrypto.sign(alg, signingKey, toBeSigned));
        } catch (CoseException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "EnvelopeSealer[alg=" + alg + ", chain=" + x5chain.size() + " certificates]";
    }

    /** Builds an {@link EnvelopeSealer}. */
    public static final class Builder {
        private PrivateKey signingKey;
        private List<X509Certificate> certificateChain;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();

        private Builder() {
        }

        /** The server's signing key (P-256 for ES256, Ed25519 for EdDSA). */
        public Builder signingKey(PrivateKey signingKey) {
            this.signingKey = signingKey;
            return this;
        }

        /** The server's certificate chain, its own certificate first; sent in x5chain. */
        public Builder certificateChain(List<X509Certificate> certificateChain) {
            this.certificateChain = List.copyOf(certificateChain);
            return this;
        }

        /** The clock for issued-at (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The randomness for ephemeral keys and IVs (default: a new SecureRandom). */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        public EnvelopeSealer build() {
            return new EnvelopeSealer(this);
        }
    }
}
