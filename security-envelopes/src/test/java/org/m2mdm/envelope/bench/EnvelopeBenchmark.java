package org.m2mdm.envelope.bench;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.crypto.KeyAgreement;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.m2mdm.envelope.EnvelopeOpener;
import org.m2mdm.envelope.EnvelopeRejectedException;
import org.m2mdm.envelope.EnvelopeSealer;
import org.m2mdm.envelope.OpenedEnvelope;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.pki.KeySuite;
import org.m2mdm.envelope.pki.ServerIdentity;
import org.m2mdm.envelope.replay.ReplayGuard;
import org.m2mdm.envelope.trust.SignerRole;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Seal and open per second against the raw primitives they cannot avoid, measured in the same run:
 * seal = ephemeral key generation + ECDH + sign, open = ECDH + verify, each from the fastest provider
 * (an explicit Bouncy Castle provider instance). The peer public key of the ECDH is decoded from its
 * encoding on every call, as it is in real use (a new device or a new ephemeral key each time), so no
 * benchmark profits from Bouncy Castle's per-point precomputation cache. The JDK SunEC variant shows what the
 * provider choice buys.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvelopeBenchmark {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final byte[] PAYLOAD = new byte[200];
    private static final byte[] TO_BE_SIGNED = new byte[1100];

    /** Benchmark-only guard: forgets everything, so one envelope can be opened again and again. */
    static final class ForgetfulReplayGuard implements ReplayGuard {
        @Override
        public OptionalLong highest(String signerId) {
            return OptionalLong.empty();
        }

        @Override
        public void record(String signerId, long sequence) {
        }
    }

    private EnvelopeSealer p256Sealer;
    private EnvelopeOpener p256Opener;
    private DeviceIdentity p256Device;
    private byte[] p256Envelope;
    private EnvelopeSealer edSealer;
    private EnvelopeOpener edOpener;
    private DeviceIdentity edDevice;
    private byte[] edEnvelope;

    // primitives, BC keys so no conversion happens inside the measured call
    private PrivateKey bcServerKey;
    private PublicKey bcServerPublic;
    private PrivateKey bcDeviceKey;
    private PublicKey bcDevicePublic;
    private byte[] ephemeralEncoded;
    private byte[] deviceEncoded;
    private KeyFactory bcEc;
    private byte[] bcSignature;
    private KeyPairGenerator bcEcGenerator;
    private PrivateKey bcEdServerKey;
    private PublicKey bcEdServerPublic;
    private PrivateKey bcXDeviceKey;
    private PublicKey bcXDevicePublic;
    private byte[] xEphemeralEncoded;
    private byte[] xDeviceEncoded;
    private KeyFactory bcX;
    private byte[] bcEdSignature;
    private KeyPairGenerator bcXGenerator;
    private ServerIdentity p256Server;
    private KeyPairGenerator jdkEcGenerator;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        CertificateAuthority root = CertificateAuthority.createRoot("bench root", Duration.ofDays(30));
        CertificateAuthority operator = root.issueIntermediate("bench operator", Duration.ofDays(30));
        CertificateAuthority manufacturer = root.issueIntermediate("bench manufacturer", Duration.ofDays(30));
        p256Server = operator.issueServer("usim.bench", Set.of(SignerRole.USIM_MANAGEMENT));
        ServerIdentity edServer = operator.issueServer("ed.bench", Set.of(SignerRole.USIM_MANAGEMENT), KeySuite.ED25519,
                List.of());
        p256Device = manufacturer.issueDevice("urn:imei:490154203237518");
        edDevice = manufacturer.issueDevice("urn:imei:353918057471213", KeySuite.ED25519);
        TrustPolicy policy = TrustPolicy.standard(List.of(root.certificate()));

        p256Sealer = EnvelopeSealer.builder().signingKey(p256Server.keyPair().getPrivate())
                .certificateChain(p256Server.certificateChain()).build();
        p256Opener = EnvelopeOpener.builder().deviceKey(p256Device.keyPair().getPrivate())
                .deviceId(p256Device.endpoint()).trustPolicy(policy).replayGuard(new ForgetfulReplayGuard()).build();
        p256Envelope = p256Sealer.seal(PAYLOAD, PayloadType.USIM_PROFILE, p256Device.certificate(), 1, Duration.ofDays(1));
        edSealer = EnvelopeSealer.builder().signingKey(edServer.keyPair().getPrivate())
                .certificateChain(edServer.certificateChain()).build();
        edOpener = EnvelopeOpener.builder().deviceKey(edDevice.keyPair().getPrivate()).deviceId(edDevice.endpoint())
                .trustPolicy(policy).replayGuard(new ForgetfulReplayGuard()).build();
        edEnvelope = edSealer.seal(PAYLOAD, PayloadType.USIM_PROFILE, edDevice.certificate(), 1, Duration.ofDays(1));

        KeyFactory ec = KeyFactory.getInstance("EC", BC);
        bcServerKey = ec.generatePrivate(new PKCS8EncodedKeySpec(p256Server.keyPair().getPrivate().getEncoded()));
        bcServerPublic = ec.generatePublic(new X509EncodedKeySpec(p256Server.keyPair().getPublic().getEncoded()));
        bcDeviceKey = ec.generatePrivate(new PKCS8EncodedKeySpec(p256Device.keyPair().getPrivate().getEncoded()));
        bcDevicePublic = ec.generatePublic(new X509EncodedKeySpec(p256Device.keyPair().getPublic().getEncoded()));
        bcEcGenerator = KeyPairGenerator.getInstance("EC", BC);
        bcEcGenerator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        ephemeralEncoded = bcEcGenerator.generateKeyPair().getPublic().getEncoded();
        deviceEncoded = bcDevicePublic.getEncoded();
        bcEc = ec;
        Signature signer = Signature.getInstance("SHA256withECDSA", BC);
        signer.initSign(bcServerKey);
        signer.update(TO_BE_SIGNED);
        bcSignature = signer.sign();

        KeyFactory ed = KeyFactory.getInstance("Ed25519", BC);
        bcEdServerKey = ed.generatePrivate(new PKCS8EncodedKeySpec(edServer.keyPair().getPrivate().getEncoded()));
        bcEdServerPublic = ed.generatePublic(new X509EncodedKeySpec(edServer.keyPair().getPublic().getEncoded()));
        KeyFactory x = KeyFactory.getInstance("X25519", BC);
        bcXDeviceKey = x.generatePrivate(new PKCS8EncodedKeySpec(edDevice.keyPair().getPrivate().getEncoded()));
        bcXDevicePublic = x.generatePublic(new X509EncodedKeySpec(edDevice.keyPair().getPublic().getEncoded()));
        bcXGenerator = KeyPairGenerator.getInstance("X25519", BC);
        xEphemeralEncoded = bcXGenerator.generateKeyPair().getPublic().getEncoded();
        xDeviceEncoded = bcXDevicePublic.getEncoded();
        bcX = x;
        Signature edSigner = Signature.getInstance("Ed25519", BC);
        edSigner.initSign(bcEdServerKey);
        edSigner.update(TO_BE_SIGNED);
        bcEdSignature = edSigner.sign();

        jdkEcGenerator = KeyPairGenerator.getInstance("EC");
        jdkEcGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        // sanity: both envelopes really open
        p256Opener.open(p256Envelope);
        edOpener.open(edEnvelope);
    }

    @Benchmark
    public byte[] sealP256() {
        return p256Sealer.seal(PAYLOAD, PayloadType.USIM_PROFILE, p256Device.certificate(), 1, Duration.ofDays(1));
    }

    @Benchmark
    public OpenedEnvelope openP256() throws EnvelopeRejectedException {
        return p256Opener.open(p256Envelope);
    }

    @Benchmark
    public byte[] primitiveSealP256() throws Exception {
        return primitiveSeal(bcEcGenerator, "ECDH", bcEc, deviceEncoded, "SHA256withECDSA", bcServerKey);
    }

    @Benchmark
    public boolean primitiveOpenP256() throws Exception {
        return primitiveOpen("ECDH", bcDeviceKey, bcEc, ephemeralEncoded, "SHA256withECDSA", bcServerPublic,
                bcSignature);
    }

    @Benchmark
    public byte[] sealEd25519() {
        return edSealer.seal(PAYLOAD, PayloadType.USIM_PROFILE, edDevice.certificate(), 1, Duration.ofDays(1));
    }

    @Benchmark
    public OpenedEnvelope openEd25519() throws EnvelopeRejectedException {
        return edOpener.open(edEnvelope);
    }

    @Benchmark
    public byte[] primitiveSealEd25519() throws Exception {
        return primitiveSeal(bcXGenerator, "X25519", bcX, xDeviceEncoded, "Ed25519", bcEdServerKey);
    }

    @Benchmark
    public boolean primitiveOpenEd25519() throws Exception {
        return primitiveOpen("X25519", bcXDeviceKey, bcX, xEphemeralEncoded, "Ed25519", bcEdServerPublic,
                bcEdSignature);
    }

    /** For comparison only: the same seal primitives through JDK 17's SunEC. */
    @Benchmark
    public byte[] jdkPrimitiveSealP256() throws Exception {
        KeyPair ephemeral = jdkEcGenerator.generateKeyPair();
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(ephemeral.getPrivate());
        agreement.doPhase(p256Device.keyPair().getPublic(), true);
        byte[] secret = agreement.generateSecret();
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(p256Server.keyPair().getPrivate());
        signature.update(TO_BE_SIGNED);
        byte[] signed = signature.sign();
        return secret.length > signed.length ? secret : signed;
    }

    /**
     * What sealing costs in BC primitives alone: an ephemeral key agreement with the device key (decoded from
     * its encoding, as the sealer must) and one signature over a COSE-sized input.
     */
    private static byte[] primitiveSeal(KeyPairGenerator ephemeralGenerator, String agreementAlgorithm,
            KeyFactory keyFactory, byte[] deviceKeyEncoded, String signatureAlgorithm, PrivateKey serverKey)
            throws Exception {
        KeyPair ephemeral = ephemeralGenerator.generateKeyPair();
        KeyAgreement agreement = KeyAgreement.getInstance(agreementAlgorithm, BC);
        agreement.init(ephemeral.getPrivate());
        agreement.doPhase(keyFactory.generatePublic(new X509EncodedKeySpec(deviceKeyEncoded)), true);
        byte[] secret = agreement.generateSecret();
        Signature signature = Signature.getInstance(signatureAlgorithm, BC);
        signature.initSign(serverKey);
        signature.update(TO_BE_SIGNED);
        byte[] signed = signature.sign();
        return secret.length > signed.length ? secret : signed;
    }

    /** What opening costs in BC primitives alone: the device's key agreement and one signature check. */
    private static boolean primitiveOpen(String agreementAlgorithm, PrivateKey deviceKey, KeyFactory keyFactory,
            byte[] ephemeralKeyEncoded, String signatureAlgorithm, PublicKey serverKey, byte[] signed)
            throws Exception {
        KeyAgreement agreement = KeyAgreement.getInstance(agreementAlgorithm, BC);
        agreement.init(deviceKey);
        agreement.doPhase(keyFactory.generatePublic(new X509EncodedKeySpec(ephemeralKeyEncoded)), true);
        byte[] secret = agreement.generateSecret();
        Signature signature = Signature.getInstance(signatureAlgorithm, BC);
        signature.initVerify(serverKey);
        signature.update(TO_BE_SIGNED);
        return signature.verify(signed) && secret.length == 32;
    }
}
