package org.m2mdm.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.m2mdm.envelope.TestPki.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.m2mdm.envelope.pki.Fingerprints;
import org.m2mdm.envelope.replay.InMemoryReplayGuard;
import org.m2mdm.envelope.trust.SignerRole;

class EnvelopeRoundTripTest {

    private static final byte[] PAYLOAD = "IMSI=001010123456789;K=...".getBytes(StandardCharsets.US_ASCII);

    @Test
    void opensWhatTheServerSealedForThisDevice() throws Exception {
        byte[] envelope = sealer(USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 7,
                Duration.ofHours(1));
        InMemoryReplayGuard guard = new InMemoryReplayGuard();

        OpenedEnvelope opened = opener(DEVICE_A, guard).open(envelope);

        assertThat(opened.payload()).isEqualTo(PAYLOAD);
        assertThat(opened.type()).isEqualTo(PayloadType.USIM_PROFILE);
        assertThat(opened.sequence()).isEqualTo(7);
        assertThat(opened.signer()).isEqualTo(USIM_SERVER.certificate());
        assertThat(opened.signerRoles()).containsExactly(SignerRole.USIM_MANAGEMENT);
        assertThat(opened.issuedAt()).isEqualTo(NOW);
        assertThat(opened.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(guard.highest(USIM_SERVER.keyId())).hasValue(7);
    }

    @Test
    void opensTheEd25519SuiteWithAnX25519DeviceKey() throws Exception {
        byte[] envelope = sealer(ED_USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, ED_DEVICE.certificate(), 1,
                Duration.ofHours(1));

        OpenedEnvelope opened = opener(ED_DEVICE).open(envelope);

        assertThat(opened.payload()).isEqualTo(PAYLOAD);
        assertThat(ED_DEVICE.keyPair().getPublic().getAlgorithm()).isIn("X25519", "XDH");
    }

    @Test
    void acceptsStrictlyIncreasingSequencesFromOneSigner() throws Exception {
        EnvelopeSealer sealer = sealer(APP_SERVER);
        EnvelopeOpener opener = opener(DEVICE_A);
        for (long sequence : new long[] {1, 2, 10, 11}) {
            byte[] envelope = sealer.seal(PAYLOAD, PayloadType.APP_PARAMS, DEVICE_A.certificate(), sequence,
                    Duration.ofMinutes(5));
            assertThat(opener.open(envelope).sequence()).isEqualTo(sequence);
        }
    }

    @Test
    void keepsSeparateCountersPerSigner() throws Exception {
        EnvelopeOpener opener = opener(DEVICE_A);
        opener.open(sealer(USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 5, Duration.ofMinutes(5)));
        OpenedEnvelope fromOther = opener.open(
                sealer(APP_SERVER).seal(PAYLOAD, PayloadType.APP_PARAMS, DEVICE_A.certificate(), 1, Duration.ofMinutes(5)));
        assertThat(fromOther.sequence()).isEqualTo(1);
    }

    @Test
    void sealsWithAPublicKeyAndDeviceIdInsteadOfACertificate() throws Exception {
        byte[] envelope = sealer(USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_B.keyPair().getPublic(),
                DEVICE_B.endpoint(), 1, Duration.ofMinutes(1));
        assertThat(opener(DEVICE_B).open(envelope).payload()).isEqualTo(PAYLOAD);
    }

    @Test
    void usesAFreshEphemeralKeyAndIvForEveryEnvelope() {
        EnvelopeSealer sealer = sealer(USIM_SERVER);
        byte[] first = sealer.seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1, Duration.ofMinutes(1));
        byte[] second = sealer.seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1, Duration.ofMinutes(1));
        assertThat(first).isNotEqualTo(second);
        String hex = HexFormat.of().formatHex(first);
        assertThat(hex).doesNotContain(HexFormat.of().formatHex(PAYLOAD));
    }

    @Test
    void namesTheDeviceKeyByTheHashOfItsCertifiedPublicKey() throws Exception {
        byte[] envelope = sealer(USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1,
                Duration.ofMinutes(1));
        byte[] keyId = Fingerprints.keyIdBytes(DEVICE_A.certificate().getPublicKey());
        assertThat(indexOf(envelope, keyId)).isPositive();
    }

    @Test
    void openedEnvelopeToStringHidesThePayload() throws Exception {
        byte[] envelope = sealer(USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1,
                Duration.ofMinutes(1));
        String text = opener(DEVICE_A).open(envelope).toString();
        assertThat(text).contains("usim-profile").contains(PAYLOAD.length + " bytes").doesNotContain("IMSI");
    }

    @Test
    void refusesToSealForADeviceKeyOfTheOtherSuite() {
        assertThatThrownBy(() -> sealer(USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, ED_DEVICE.certificate(), 1,
                Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256");
        assertThatThrownBy(() -> sealer(ED_USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1,
                Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X25519");
    }

    @Test
    void refusesASigningKeyThatDoesNotMatchTheCertificate() {
        assertThatThrownBy(() -> EnvelopeSealer.builder().signingKey(APP_SERVER.keyPair().getPrivate())
                .certificateChain(USIM_SERVER.certificateChain()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    }

    @Test
    void refusesNonsensicalSealArguments() {
        EnvelopeSealer sealer = sealer(USIM_SERVER);
        assertThatThrownBy(() -> sealer.seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), -1,
                Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealer.seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1,
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rolesInTheOpenedEnvelopeAreThoseOfTheCertificate() throws Exception {
        byte[] envelope = sealer(APP_SERVER).seal(PAYLOAD, PayloadType.APP_PARAMS, DEVICE_A.certificate(), 1,
                Duration.ofMinutes(1));
        assertThat(opener(DEVICE_A).open(envelope).signerRoles()).isEqualTo(Set.of(SignerRole.APPLICATION_MANAGEMENT));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] copy(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length);
    }
}
