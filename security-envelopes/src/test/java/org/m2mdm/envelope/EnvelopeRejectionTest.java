package org.m2mdm.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.m2mdm.envelope.TestPki.*;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.m2mdm.envelope.EnvelopeRejectedException.Reason;
import org.m2mdm.envelope.cose.Cose;
import org.m2mdm.envelope.cose.EnvelopeProfile;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.pki.KeySuite;
import org.m2mdm.envelope.pki.ServerIdentity;
import org.m2mdm.envelope.replay.InMemoryReplayGuard;
import org.m2mdm.envelope.trust.SignerRole;

import com.upokecenter.cbor.CBORObject;

/** Every way an envelope must be refused, each with its specific reason, and refusals change nothing. */
class EnvelopeRejectionTest {

    static final byte[] PAYLOAD = "app parameters".getBytes(StandardCharsets.US_ASCII);

    private final InMemoryReplayGuard guard = new InMemoryReplayGuard();
    private final EnvelopeOpener openerA = opener(DEVICE_A, guard);

    private static byte[] usimEnvelope(DeviceIdentity device, long sequence) {
        return sealer(USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, device.certificate(), sequence,
                Duration.ofHours(1));
    }

    private void assertRejected(byte[] envelope, Reason reason) {
        assertRejected(openerA, envelope, reason);
        assertThat(guard.highest(USIM_SERVER.keyId())).as("a refusal records nothing").isEmpty();
    }

    static void assertRejected(EnvelopeOpener opener, byte[] envelope, Reason reason) {
        Executable open = () -> opener.open(envelope);
        assertThatThrownBy(open::execute).isInstanceOfSatisfying(EnvelopeRejectedException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    @Test
    void rejectsEnvelopeSealedForAnotherDevice() {
        assertRejected(usimEnvelope(DEVICE_B, 1), Reason.WRONG_DEVICE);
    }

    @Test
    void rejectsEnvelopeNamingThisDeviceButSealedToAnotherKey() {
        byte[] envelope = sealer(USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_B.keyPair().getPublic(),
                DEVICE_A.endpoint(), 1, Duration.ofHours(1));
        assertRejected(envelope, Reason.WRONG_DEVICE);
    }

    @Test
    void rejectsEnvelopeForThisKeyButNamingAnotherDevice() {
        byte[] envelope = sealer(USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.keyPair().getPublic(),
                "urn:imei:000000000000000", 1, Duration.ofHours(1));
        assertRejected(envelope, Reason.WRONG_DEVICE);
    }

    @Test
    void rejectsEnvelopeForDeviceAOpenedByDeviceB() {
        assertRejected(opener(DEVICE_B), usimEnvelope(DEVICE_A, 1), Reason.WRONG_DEVICE);
    }

    @Test
    void rejectsReplayedEnvelope() throws Exception {
        byte[] envelope = usimEnvelope(DEVICE_A, 3);
        openerA.open(envelope);
        assertRejected(openerA, envelope, Reason.REPLAYED);
        assertThat(guard.highest(USIM_SERVER.keyId())).hasValue(3);
    }

    @Test
    void rejectsOlderAndEqualSequenceNumbers() throws Exception {
        openerA.open(usimEnvelope(DEVICE_A, 10));
        assertRejected(openerA, usimEnvelope(DEVICE_A, 9), Reason.REPLAYED);
        assertRejected(openerA, usimEnvelope(DEVICE_A, 10), Reason.REPLAYED);
        assertThat(openerA.open(usimEnvelope(DEVICE_A, 11)).sequence()).isEqualTo(11);
    }

    @Test
    void rejectsReplayAfterARestartWithTheDurableGuard(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
            throws Exception {
        byte[] envelope = usimEnvelope(DEVICE_A, 4);
        java.nio.file.Path counters = directory.resolve("counters.txt");
        opener(DEVICE_A, new org.m2mdm.envelope.replay.FileReplayGuard(counters)).open(envelope);

        EnvelopeOpener afterReboot = opener(DEVICE_A, new org.m2mdm.envelope.replay.FileReplayGuard(counters));
        assertRejected(afterReboot, envelope, Reason.REPLAYED);
        assertRejected(afterReboot, usimEnvelope(DEVICE_A, 3), Reason.REPLAYED);
        assertThat(afterReboot.open(usimEnvelope(DEVICE_A, 5)).sequence()).isEqualTo(5);
    }

    @Test
    void rejectsExpiredEnvelope() {
        byte[] envelope = sealer(USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1,
                Duration.ofMinutes(10));
        EnvelopeOpener later = opener(DEVICE_A.keyPair().getPrivate(), DEVICE_A.endpoint(), guard,
                Clock.offset(CLOCK, Duration.ofMinutes(11)));
        assertRejected(later, envelope, Reason.EXPIRED);
    }

    @Test
    void rejectsEnvelopeIssuedInTheFutureBeyondTheClockSkew() {
        byte[] envelope = sealer(USIM_SERVER, Clock.offset(CLOCK, Duration.ofHours(1)))
                .seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1, Duration.ofHours(2));
        assertRejected(envelope, Reason.NOT_YET_VALID);
    }

    @Test
    void acceptsEnvelopeIssuedSlightlyAheadWithinTheClockSkew() throws Exception {
        byte[] envelope = sealer(USIM_SERVER, Clock.offset(CLOCK, Duration.ofMinutes(2)))
                .seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1, Duration.ofHours(2));
        assertThat(openerA.open(envelope).sequence()).isEqualTo(1);
    }

    @Test
    void rejectsSignerOutsideTheTrustAnchors() {
        byte[] envelope = sealer(FOREIGN_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1,
                Duration.ofHours(1));
        assertRejected(envelope, Reason.UNTRUSTED_SIGNER);
    }

    @Test
    void rejectsSignerWhoseChainOmitsTheIntermediate() {
        byte[] envelope = EnvelopeSealer.builder().signingKey(USIM_SERVER.keyPair().getPrivate())
                .certificateChain(List.of(USIM_SERVER.certificate())).clock(CLOCK).build()
                .seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1, Duration.ofHours(1));
        assertRejected(envelope, Reason.UNTRUSTED_SIGNER);
    }

    @Test
    void rejectsSignerWhoseCertificateHasExpiredAtTheOpenersClock() {
        ServerIdentity shortLived = OPERATOR_CA.withClock(CLOCK).issueServer("brief.example",
                Set.of(SignerRole.USIM_MANAGEMENT), KeySuite.P256, List.of(), Duration.ofDays(1));
        Clock threeDaysLater = Clock.offset(CLOCK, Duration.ofDays(3));
        byte[] envelope = sealer(shortLived, threeDaysLater).seal(PAYLOAD, PayloadType.USIM_PROFILE,
                DEVICE_A.certificate(), 1, Duration.ofHours(1));
        assertRejected(opener(DEVICE_A.keyPair().getPrivate(), DEVICE_A.endpoint(), guard, threeDaysLater), envelope,
                Reason.UNTRUSTED_SIGNER);
    }

    @Test
    void rejectsSignerWithARoleNotAllowedForThePayloadType() {
        byte[] envelope = sealer(APP_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1,
                Duration.ofHours(1));
        assertRejected(envelope, Reason.SIGNER_ROLE_NOT_ALLOWED);
    }

    @Test
    void rejectsServerCertificateWithoutAnyRole() {
        ServerIdentity plainTls = OPERATOR_CA.issueServer("www.operator-a.example", Set.of());
        byte[] envelope = sealer(plainTls).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1,
                Duration.ofHours(1));
        assertRejected(envelope, Reason.SIGNER_ROLE_NOT_ALLOWED);
    }

    @Test
    void rejectsChangedAlgorithmEvenWhenResigned() {
        byte[] envelope = usimEnvelope(DEVICE_A, 1);
        for (int alg : new int[] {-35, -36, Cose.ALG_EDDSA, 0}) {
            CBORObject header = Forge.protectedMap(envelope);
            header.set(CBORObject.FromObject(Cose.HEADER_ALG), CBORObject.FromObject(alg));
            assertRejected(Forge.signed(USIM_SERVER, header, Forge.payload(envelope)), Reason.UNSUPPORTED_ALGORITHM);
            assertRejected(Forge.assemble(header.EncodeToBytes(), CBORObject.NewMap(), Forge.payload(envelope),
                    Forge.signature(envelope)), Reason.UNSUPPORTED_ALGORITHM);
        }
    }

    @Test
    void rejectsAlgorithmMovedToTheUnprotectedHeader() {
        byte[] envelope = usimEnvelope(DEVICE_A, 1);
        CBORObject header = Forge.protectedMap(envelope);
        header.Remove(CBORObject.FromObject(Cose.HEADER_ALG));
        CBORObject unprotected = CBORObject.NewMap().Add(Cose.HEADER_ALG, Cose.ALG_ES256);
        assertRejected(Forge.signed(USIM_SERVER, header.EncodeToBytes(), unprotected, Forge.payload(envelope)),
                Reason.UNSUPPORTED_ALGORITHM);
        assertRejected(Forge.signed(USIM_SERVER, header.EncodeToBytes(), CBORObject.NewMap(), Forge.payload(envelope)),
                Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void rejectsAnythingInTheUnprotectedHeader() {
        byte[] envelope = usimEnvelope(DEVICE_A, 1);
        CBORObject unprotected = CBORObject.NewMap().Add(Cose.HEADER_KID, CBORObject.FromObject(new byte[] {1}));
        assertRejected(Forge.assemble(Forge.protectedBytes(envelope), unprotected, Forge.payload(envelope),
                Forge.signature(envelope)), Reason.MALFORMED);
    }

    @Test
    void rejectsUnknownCriticalLabels() {
        byte[] envelope = usimEnvelope(DEVICE_A, 1);
        CBORObject header = Forge.protectedMap(envelope);
        header.get(CBORObject.FromObject(Cose.HEADER_CRIT)).Add(-70000);
        header.Add(-70000, "must understand");
        assertRejected(Forge.signed(USIM_SERVER, header, Forge.payload(envelope)), Reason.MALFORMED);

        CBORObject onlyCrit = Forge.protectedMap(envelope);
        onlyCrit.get(CBORObject.FromObject(Cose.HEADER_CRIT)).Add(-70000);
        assertRejected(Forge.signed(USIM_SERVER, onlyCrit, Forge.payload(envelope)), Reason.MALFORMED);
    }

    @Test
    void rejectsClaimsMissingFromCrit() {
        byte[] envelope = usimEnvelope(DEVICE_A, 1);
        CBORObject header = Forge.protectedMap(envelope);
        header.set(CBORObject.FromObject(Cose.HEADER_CRIT), CBORObject.NewArray().Add(EnvelopeProfile.LABEL_DEVICE_ID));
        assertRejected(Forge.signed(USIM_SERVER, header, Forge.payload(envelope)), Reason.MALFORMED);
    }

    @Test
    void rejectsUnknownProtectedHeaderLabelsAndMissingClaims() {
        byte[] envelope = usimEnvelope(DEVICE_A, 1);
        CBORObject extra = Forge.protectedMap(envelope);
        extra.Add(Cose.HEADER_CONTENT_TYPE, 0);
        assertRejected(Forge.signed(USIM_SERVER, extra, Forge.payload(envelope)), Reason.MALFORMED);
        for (int label : EnvelopeProfile.CLAIM_LABELS) {
            CBORObject missing = Forge.protectedMap(envelope);
            missing.Remove(CBORObject.FromObject(label));
            assertRejected(Forge.signed(USIM_SERVER, missing, Forge.payload(envelope)), Reason.MALFORMED);
        }
    }

    @Test
    void rejectsUnknownPayloadType() {
        byte[] envelope = usimEnvelope(DEVICE_A, 1);
        CBORObject header = Forge.protectedMap(envelope);
        header.set(CBORObject.FromObject(EnvelopeProfile.LABEL_PAYLOAD_TYPE), CBORObject.FromObject("firmware-blob"));
        assertRejected(Forge.signed(USIM_SERVER, header, Forge.payload(envelope)), Reason.MALFORMED);
    }

    @Test
    void rejectsAnUnsignedCoseEncryptAlone() {
        byte[] inner = Forge.payload(usimEnvelope(DEVICE_A, 1));
        assertRejected(inner, Reason.MALFORMED);
    }

    @Test
    void rejectsUntaggedSign1() {
        byte[] untagged = Forge.sign1(usimEnvelope(DEVICE_A, 1)).EncodeToBytes();
        assertRejected(untagged, Reason.MALFORMED);
    }

    @Test
    void rejectsInnerCiphertextSplicedIntoAnotherOuterEnvelope() {
        byte[] first = usimEnvelope(DEVICE_A, 1);
        byte[] second = usimEnvelope(DEVICE_A, 2);
        byte[] spliced = Forge.assemble(Forge.protectedBytes(second), CBORObject.NewMap(), Forge.payload(first),
                Forge.signature(second));
        assertRejected(spliced, Reason.BAD_SIGNATURE);

        // Even a trusted signer re-wrapping an old ciphertext under new claims cannot make it decrypt:
        // the inner external_aad is the outer protected header it was sealed under.
        byte[] rewrapped = Forge.signed(USIM_SERVER, Forge.protectedBytes(second), CBORObject.NewMap(), Forge.payload(first));
        assertRejected(rewrapped, Reason.DECRYPTION_FAILED);
    }

    @Test
    void rejectsChangedSignatureAndChangedSignedClaims() {
        byte[] envelope = usimEnvelope(DEVICE_A, 1);
        byte[] signature = Forge.signature(envelope);
        signature[5] ^= 0x40;
        assertRejected(Forge.assemble(Forge.protectedBytes(envelope), CBORObject.NewMap(), Forge.payload(envelope),
                signature), Reason.BAD_SIGNATURE);
        CBORObject header = Forge.protectedMap(envelope);
        header.set(CBORObject.FromObject(EnvelopeProfile.LABEL_SEQUENCE), CBORObject.FromObject(99));
        assertRejected(Forge.assemble(header.EncodeToBytes(), CBORObject.NewMap(), Forge.payload(envelope),
                Forge.signature(envelope)), Reason.BAD_SIGNATURE);
    }

    @Test
    void rejectsOffCurveEphemeralKey() {
        byte[] envelope = usimEnvelope(DEVICE_A, 1);
        CBORObject inner = Forge.inner(envelope);
        CBORObject epk = inner.get(3).get(0).get(1).get(CBORObject.FromObject(Cose.HEADER_EPHEMERAL_KEY));
        byte[] y = epk.get(CBORObject.FromObject(Cose.KEY_Y)).GetByteString();
        y[31] ^= 1;
        epk.set(CBORObject.FromObject(Cose.KEY_Y), CBORObject.FromObject(y));
        assertRejected(Forge.signed(USIM_SERVER, Forge.protectedBytes(envelope), CBORObject.NewMap(),
                Forge.encodeInner(inner)), Reason.DECRYPTION_FAILED);
    }

    @Test
    void rejectsSmallOrderX25519EphemeralKeys() {
        byte[] envelope = sealer(ED_USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, ED_DEVICE.certificate(), 1,
                Duration.ofHours(1));
        EnvelopeOpener opener = opener(ED_DEVICE);
        byte[] one = new byte[32];
        one[0] = 1;
        byte[] order8 = java.util.HexFormat.of()
                .parseHex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
        for (byte[] smallOrder : List.of(new byte[32], one, order8)) {
            CBORObject inner = Forge.inner(envelope);
            CBORObject epk = inner.get(3).get(0).get(1).get(CBORObject.FromObject(Cose.HEADER_EPHEMERAL_KEY));
            epk.set(CBORObject.FromObject(Cose.KEY_X), CBORObject.FromObject(smallOrder));
            assertRejected(opener, Forge.signed(ED_USIM_SERVER, Forge.protectedBytes(envelope), CBORObject.NewMap(),
                    Forge.encodeInner(inner)), Reason.DECRYPTION_FAILED);
        }
    }

    @Test
    void rejectsEphemeralKeyOfTheOtherSuite() {
        byte[] envelope = usimEnvelope(DEVICE_A, 1);
        CBORObject inner = Forge.inner(envelope);
        CBORObject okp = CBORObject.NewMap().Add(Cose.KEY_KTY, Cose.KTY_OKP).Add(Cose.KEY_CRV, Cose.CRV_X25519)
                .Add(Cose.KEY_X, CBORObject.FromObject(new byte[32]));
        inner.get(3).get(0).get(1).set(CBORObject.FromObject(Cose.HEADER_EPHEMERAL_KEY), okp);
        assertRejected(Forge.signed(USIM_SERVER, Forge.protectedBytes(envelope), CBORObject.NewMap(),
                Forge.encodeInner(inner)), Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void rejectsOtherContentAndKeyAgreementAlgorithms() {
        byte[] envelope = usimEnvelope(DEVICE_A, 1);
        CBORObject content = Forge.inner(envelope);
        content.set(0, CBORObject.FromObject(EnvelopeProfile.algOnlyHeader(Cose.ALG_A128GCM)));
        assertRejected(Forge.signed(USIM_SERVER, Forge.protectedBytes(envelope), CBORObject.NewMap(),
                Forge.encodeInner(content)), Reason.UNSUPPORTED_ALGORITHM);
        CBORObject recipient = Forge.inner(envelope);
        recipient.get(3).get(0).set(0, CBORObject.FromObject(EnvelopeProfile.algOnlyHeader(Cose.ALG_ECDH_ES_A128KW)));
        assertRejected(Forge.signed(USIM_SERVER, Forge.protectedBytes(envelope), CBORObject.NewMap(),
                Forge.encodeInner(recipient)), Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void rejectsEd25519EnvelopeOpenedByAP256DeviceAndViceVersa() {
        byte[] ed = sealer(ED_USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, ED_DEVICE.certificate(), 1,
                Duration.ofHours(1));
        assertRejected(ed, Reason.UNSUPPORTED_ALGORITHM);
        assertRejected(opener(ED_DEVICE), usimEnvelope(DEVICE_A, 1), Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void rejectsOversizeInputBeforeParsing() {
        assertRejected(new byte[EnvelopeOpener.DEFAULT_MAX_SIZE + 1], Reason.TOO_LARGE);
        EnvelopeOpener small = EnvelopeOpener.builder().deviceKey(DEVICE_A.keyPair().getPrivate())
                .deviceId(DEVICE_A.endpoint()).trustPolicy(POLICY).replayGuard(guard).clock(CLOCK).maxSize(512).build();
        assertRejected(small, usimEnvelope(DEVICE_A, 1), Reason.TOO_LARGE);
    }

    @Test
    void rejectsHugeDeclaredCborLengthsWithoutAllocating() {
        // tag 18, array(4), then a byte string claiming 2^32 bytes / an array claiming 2^64-1 elements
        assertRejected(hex("d2845b0000000100000000aabbcc"), Reason.MALFORMED);
        assertRejected(hex("d2841bffffffffffffffff9bffffffffffffffff"), Reason.MALFORMED);
        assertRejected(hex("d29bffffffffffffffff00"), Reason.MALFORMED);
        assertRejected(hex("d284bbffffffffffffffff"), Reason.MALFORMED);
    }

    @Test
    void rejectsIndefiniteLengthsDuplicateKeysTrailingBytesAndDeepNesting() {
        byte[] envelope = usimEnvelope(DEVICE_A, 1);
        assertRejected(hex("d29f40a04040ff"), Reason.MALFORMED);
        byte[] trailing = java.util.Arrays.copyOf(envelope, envelope.length + 1);
        assertRejected(trailing, Reason.MALFORMED);
        // protected header with key 1 twice, re-signed
        assertRejected(Forge.signed(USIM_SERVER, hex("a201260126"), CBORObject.NewMap(), Forge.payload(envelope)),
                Reason.MALFORMED);
        byte[] deep = new byte[40];
        deep[0] = (byte) 0xd2;
        java.util.Arrays.fill(deep, 1, 39, (byte) 0x81);
        deep[39] = 0x00;
        assertRejected(deep, Reason.MALFORMED);
        assertRejected(new byte[0], Reason.MALFORMED);
    }

    @Test
    void rejectsNonShortestEncodings() {
        // 0x18 0x05: the integer 5 in a one-byte argument
        assertRejected(hex("d28443a1012618054040"), Reason.MALFORMED);
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
