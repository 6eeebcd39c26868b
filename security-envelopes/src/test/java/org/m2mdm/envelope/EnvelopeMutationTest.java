package org.m2mdm.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.m2mdm.envelope.TestPki.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.m2mdm.envelope.EnvelopeRejectedException.Reason;
import org.m2mdm.envelope.replay.InMemoryReplayGuard;

/**
 * No change to a valid envelope is accepted: every single-byte flip, every truncation, and 100 000 seeded
 * random mutations all end in {@link EnvelopeRejectedException} and nothing else.
 */
class EnvelopeMutationTest {

    private static final byte[] PAYLOAD = "K=000102030405060708090a0b0c0d0e0f".getBytes(StandardCharsets.US_ASCII);
    private static final int FUZZ_ITERATIONS = 100_000;

    private final InMemoryReplayGuard guard = new InMemoryReplayGuard();
    private final EnvelopeOpener opener = opener(DEVICE_A, guard);

    private static byte[] envelope(long sequence) {
        return sealer(USIM_SERVER).seal(PAYLOAD, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), sequence,
                Duration.ofHours(1));
    }

    @Test
    void rejectsEverySingleByteFlip() throws Exception {
        byte[] valid = envelope(1);
        Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
        for (int i = 0; i < valid.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xff}) {
                byte[] mutated = valid.clone();
                mutated[i] ^= (byte) mask;
                reasons.merge(rejection(mutated), 1, Integer::sum);
            }
        }
        assertThat(reasons.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3 * valid.length);
        assertThat(reasons).containsKeys(Reason.MALFORMED, Reason.BAD_SIGNATURE, Reason.UNTRUSTED_SIGNER);
        assertThat(guard.highest(USIM_SERVER.keyId())).isEmpty();
        assertThat(opener.open(valid).payload()).as("the original still opens").isEqualTo(PAYLOAD);
    }

    @Test
    void rejectsEveryTruncation() {
        byte[] valid = envelope(1);
        for (int length = 0; length < valid.length; length++) {
            assertThat(rejection(Arrays.copyOf(valid, length))).isEqualTo(Reason.MALFORMED);
        }
    }

    @Test
    @Timeout(120)
    void rejectsOneHundredThousandRandomMutationsWithNothingButEnvelopeRejectedException() {
        byte[] valid = envelope(1);
        Random random = new Random(0x5EED_C05EL);
        Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
        for (int i = 0; i < FUZZ_ITERATIONS; i++) {
            reasons.merge(rejection(mutate(valid, random)), 1, Integer::sum);
        }
        System.out.println("random mutations rejected by reason: " + reasons);
        assertThat(reasons.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(FUZZ_ITERATIONS);
        assertThat(guard.highest(USIM_SERVER.keyId())).isEmpty();
    }

    private Reason rejection(byte[] mutated) {
        try {
            opener.open(mutated);
        } catch (EnvelopeRejectedException e) {
            return e.reason();
        } catch (RuntimeException | Error e) {
            throw new AssertionError("mutation escaped as " + e, e);
        }
        return fail("mutated envelope was accepted");
    }

    /** One to three edits: bit flips, byte overwrites, insertions, deletions, truncation, duplicated slices. */
    static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int position = random.nextInt(bytes.length);
            switch (random.nextInt(6)) {
                case 0 -> {
                    bytes = bytes.clone();
                    bytes[position] ^= (byte) (1 << random.nextInt(8));
                }
                case 1 -> {
                    bytes = bytes.clone();
                    bytes[position] = (byte) random.nextInt(256);
                }
                case 2 -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, position);
                    longer[position] = (byte) random.nextInt(256);
                    System.arraycopy(bytes, position, longer, position + 1, bytes.length - position);
                    bytes = longer;
                }
                case 3 -> {
                    if (bytes.length > 1) {
                        byte[] shorter = new byte[bytes.length - 1];
                        System.arraycopy(bytes, 0, shorter, 0, position);
                        System.arraycopy(bytes, position + 1, shorter, position, bytes.length - position - 1);
                        bytes = shorter;
                    }
                }
                case 4 -> bytes = Arrays.copyOf(bytes, Math.max(1, position));
                default -> {
                    int length = 1 + random.nextInt(Math.min(16, bytes.length - position));
                    byte[] longer = new byte[bytes.length + length];
                    System.arraycopy(bytes, 0, longer, 0, position + length);
                    System.arraycopy(bytes, position, longer, position + length, bytes.length - position);
                    bytes = longer;
                }
            }
        }
        if (Arrays.equals(bytes, valid)) {
            bytes = bytes.clone();
            bytes[random.nextInt(bytes.length)] ^= 0x01;
        }
        return bytes;
    }
}
