package org.m2mdm.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.m2mdm.envelope.TestPki.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.m2mdm.envelope.replay.InMemoryReplayGuard;

/**
 * K, OPc and private keys never show up in exception messages, toString or the log (slf4j-simple writes
 * this module's debug log to target/envelope-tests.log, see simplelogger.properties).
 */
class SecretHygieneTest {

    private static final String K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    private static final String OPC = "cd63cb71954a9f4e48a5994e37a02baf";

    @Test
    void secretsAppearInNoRejectionMessageToStringOrLogLine() throws Exception {
        byte[] payload = ("{\"imsi\":\"001010000000001\",\"k\":\"" + K + "\",\"opc\":\"" + OPC + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        InMemoryReplayGuard guard = new InMemoryReplayGuard();
        EnvelopeOpener opener = opener(DEVICE_A, guard);
        EnvelopeSealer sealer = sealer(USIM_SERVER);
        byte[] valid = sealer.seal(payload, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 5, Duration.ofHours(1));

        List<String> texts = new ArrayList<>();
        List<byte[]> attempts = new ArrayList<>();
        attempts.add(sealer.seal(payload, PayloadType.USIM_PROFILE, DEVICE_B.certificate(), 1, Duration.ofHours(1)));
        attempts.add(sealer(APP_SERVER).seal(payload, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1, Duration.ofHours(1)));
        attempts.add(sealer(FOREIGN_SERVER).seal(payload, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1, Duration.ofHours(1)));
        attempts.add(sealer(USIM_SERVER, Clock.offset(CLOCK, Duration.ofDays(1)))
                .seal(payload, PayloadType.USIM_PROFILE, DEVICE_A.certificate(), 1, Duration.ofHours(1)));
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            attempts.add(EnvelopeMutationTest.mutate(valid, random));
        }
        for (byte[] attempt : attempts) {
            try {
                opener.open(attempt);
            } catch (EnvelopeRejectedException e) {
                texts.add(e.getMessage());
                texts.add(e.toString());
            }
        }
        OpenedEnvelope opened = opener.open(valid);
        try {
            opener.open(valid);
        } catch (EnvelopeRejectedException e) {
            texts.add(e.getMessage());
        }
        texts.add(opened.toString());
        texts.add(DEVICE_A.toString());
        texts.add(USIM_SERVER.toString());
        texts.add(ROOT.toString());
        texts.add(sealer.toString());
        texts.add(opener.toString());
        texts.add(guard.toString());
        texts.add(Files.readString(Path.of("target", "envelope-tests.log")));

        List<String> secrets = secretForms();
        for (String text : texts) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (String secret : secrets) {
                assertThat(lower).doesNotContain(secret.toLowerCase(Locale.ROOT));
            }
        }
        assertThat(String.join("\n", texts)).contains("WRONG_DEVICE").contains("REPLAYED");
    }

    private static List<String> secretForms() {
        List<String> secrets = new ArrayList<>(List.of(K, OPC));
        for (var key : List.of(DEVICE_A.keyPair().getPrivate(), USIM_SERVER.keyPair().getPrivate(), ROOT.privateKey())) {
            byte[] scalar = ((ECPrivateKey) key).getS().toByteArray();
            secrets.add(HexFormat.of().formatHex(scalar).replaceFirst("^00", ""));
            secrets.add(Base64.getEncoder().encodeToString(key.getEncoded()).substring(0, 40));
        }
        return secrets;
    }
}
