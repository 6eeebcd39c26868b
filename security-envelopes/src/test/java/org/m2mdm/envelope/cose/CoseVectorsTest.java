package org.m2mdm.envelope.cose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.upokecenter.cbor.CBORObject;

/**
 * The COSE layer against the COSE working group examples (copied into src/test/resources/cose-vectors with
 * their source and licence): every Sign1 example verifies, every Encrypt0/Encrypt example decrypts with
 * matching intermediates (ToBeSign, AAD, CEK, HKDF context, ECDH secret, KEK), and every {@code fail: true}
 * example is rejected.
 */
class CoseVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Path> vectorFiles() throws IOException, URISyntaxException {
        Path root = Path.of(CoseVectorsTest.class.getResource("/cose-vectors").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void coversEveryCopiedExampleIncludingFailingOnes() throws Exception {
        List<Path> files = vectorFiles();
        assertThat(files).hasSize(14);
        long failing = 0;
        for (Path file : files) {
            if (JSON.readTree(file.toFile()).path("fail").asBoolean(false)) {
                failing++;
            }
        }
        assertThat(failing).isEqualTo(3);
    }

    @TestFactory
    Stream<DynamicTest> everyExampleBehavesAsSpecified() throws Exception {
        return vectorFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            JsonNode vector = JSON.readTree(file.toFile());
            JsonNode input = vector.get("input");
            boolean fail = vector.path("fail").asBoolean(false);
            byte[] cbor = HEX.parseHex(vector.get("output").get("cbor").asText().toLowerCase());
            if (input.has("sign0")) {
                checkSign1(vector, input.get("sign0"), cbor, fail);
            } else if (input.has("encrypted")) {
                checkEncrypt0(vector, input.get("encrypted"), cbor, fail);
            } else {
                checkEncrypt(vector, input.get("enveloped"), cbor, fail);
            }
        }));
    }

    private static void checkSign1(JsonNode vector, JsonNode sign0, byte[] cbor, boolean fail) throws Exception {
        CBORObject message = StrictCbor.decode(cbor, Set.of(Cose.TAG_SIGN1)).UntagOne();
        CoseStructures.array(message, 4, "COSE_Sign1");
        byte[] protectedBytes = CoseStructures.bytes(message.get(0), "protected");
        byte[] payload = CoseStructures.bytes(message.get(2), "payload");
        byte[] signature = CoseStructures.bytes(message.get(3), "signature");
        byte[] external = hex(sign0.path("external").asText(""));
        byte[] toBeSigned = CoseStructures.sigStructure1(protectedBytes, external, payload);
        int alg = CoseStructures.integer(CoseStructures.protectedHeader(protectedBytes).get(CBORObject.FromObject(1)), "alg");
        boolean verified = CoseCrypto.verify(alg, publicKey(sign0.get("key")), toBeSigned, signature);
        if (fail) {
            assertThat(verified).as("failing example must be rejected").isFalse();
        } else {
            assertThat(HEX.formatHex(toBeSigned)).isEqualToIgnoringCase(vector.get("intermediates").get("ToBeSign_hex").asText());
            assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(vector.get("input").get("plaintext").asText());
            assertThat(verified).as("signature verifies").isTrue();
        }
    }

    private static void checkEncrypt0(JsonNode vector, JsonNode encrypted, byte[] cbor, boolean fail) throws Exception {
        CBORObject message = StrictCbor.decode(cbor, Set.of(Cose.TAG_ENCRYPT0)).UntagOne();
        CoseStructures.array(message, 3, "COSE_Encrypt0");
        byte[] protectedBytes = CoseStructures.bytes(message.get(0), "protected");
        byte[] iv = CoseStructures.bytes(message.get(1).get(CBORObject.FromObject(Cose.HEADER_IV)), "iv");
        byte[] ciphertext = CoseStructures.bytes(message.get(2), "ciphertext");
        int alg = CoseStructures.integer(CoseStructures.protectedHeader(protectedBytes).get(CBORObject.FromObject(1)), "alg");
        byte[] cek = Base64.getUrlDecoder().decode(encrypted.get("recipients").get(0).get("key").get("k").asText());
        byte[] aad = CoseStructures.encStructure("Encrypt0", protectedBytes, hex(encrypted.path("external").asText("")));
        JsonNode intermediates = vector.get("intermediates");
        assertThat(HEX.formatHex(aad)).isEqualToIgnoringCase(intermediates.get("AAD_hex").asText());
        assertThat(HEX.formatHex(cek)).isEqualToIgnoringCase(intermediates.get("CEK_hex").asText());
        decryptAndCheck(vector, cek, alg, iv, aad, ciphertext, fail);
    }

    private static void checkEncrypt(JsonNode vector, JsonNode enveloped, byte[] cbor, boolean fail) throws Exception {
        CBORObject message = StrictCbor.decode(cbor, Set.of(Cose.TAG_ENCRYPT)).UntagOne();
        CoseStructures.array(message, 4, "COSE_Encrypt");
        byte[] protectedBytes = CoseStructures.bytes(message.get(0), "protected");
        byte[] iv = CoseStructures.bytes(message.get(1).get(CBORObject.FromObject(Cose.HEADER_IV)), "iv");
        byte[] ciphertext = CoseStructures.bytes(message.get(2), "ciphertext");
        int contentAlg = CoseStructures.integer(CoseStructures.protectedHeader(protectedBytes).get(CBORObject.FromObject(1)), "alg");
        CBORObject recipient = CoseStructures.array(message.get(3).get(0), 3, "recipient");
        byte[] recipientProtected = CoseStructures.bytes(recipient.get(0), "recipient protected");
        int recipientAlg = CoseStructures.integer(CoseStructures.protectedHeader(recipientProtected).get(CBORObject.FromObject(1)), "alg");
        AsymmetricKeyParameter ephemeral = CoseKeys.decodeEphemeral(recipient.get(1).get(CBORObject.FromObject(Cose.HEADER_EPHEMERAL_KEY)));
        AsymmetricKeyParameter privateKey = privateKey(enveloped.get("recipients").get(0).get("key"));
        JsonNode intermediates = vector.get("intermediates");
        JsonNode recipientIntermediates = intermediates.get("recipients").get(0);

        byte[] secret = CoseCrypto.agree(privateKey, ephemeral);
        assertThat(HEX.formatHex(secret)).isEqualToIgnoringCase(recipientIntermediates.get("Secret_hex").asText());
        int keyLength = Cose.gcmKeyLength(contentAlg);
        byte[] cek;
        if (recipientAlg == Cose.ALG_ECDH_ES_HKDF_256) {
            byte[] context = CoseStructures.kdfContext(contentAlg, keyLength * 8, recipientProtected);
            assertThat(HEX.formatHex(context)).isEqualToIgnoringCase(recipientIntermediates.get("Context_hex").asText());
            cek = CoseCrypto.hkdfSha256(secret, context, keyLength);
            assertThat(CoseStructures.bytes(recipient.get(2), "recipient ciphertext")).isEmpty();
        } else {
            assertThat(recipientAlg).isEqualTo(Cose.ALG_ECDH_ES_A128KW);
            byte[] context = CoseStructures.kdfContext(Cose.ALG_A128KW, 128, recipientProtected);
            assertThat(HEX.formatHex(context)).isEqualToIgnoringCase(recipientIntermediates.get("Context_hex").asText());
            byte[] kek = CoseCrypto.hkdfSha256(secret, context, 16);
            assertThat(HEX.formatHex(kek)).isEqualToIgnoringCase(recipientIntermediates.get("KEK_hex").asText());
            cek = CoseCrypto.aesUnwrap(kek, CoseStructures.bytes(recipient.get(2), "wrapped key"));
        }
        assertThat(HEX.formatHex(cek)).isEqualToIgnoringCase(intermediates.get("CEK_hex").asText());
        byte[] aad = CoseStructures.encStructure("Encrypt", protectedBytes, hex(enveloped.path("external").asText("")));
        assertThat(HEX.formatHex(aad)).isEqualToIgnoringCase(intermediates.get("AAD_hex").asText());
        decryptAndCheck(vector, cek, contentAlg, iv, aad, ciphertext, fail);
    }

    private static void decryptAndCheck(JsonNode vector, byte[] cek, int alg, byte[] iv, byte[] aad,
            byte[] ciphertext, boolean fail) throws CoseException {
        assertThat(cek).hasSize(Cose.gcmKeyLength(alg));
        if (fail) {
            assertThatThrownBy(() -> CoseCrypto.gcmDecrypt(cek, iv, aad, ciphertext)).isInstanceOf(CoseException.class);
        } else {
            byte[] plaintext = CoseCrypto.gcmDecrypt(cek, iv, aad, ciphertext);
            assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo(vector.get("input").get("plaintext").asText());
        }
    }

    private static AsymmetricKeyParameter publicKey(JsonNode key) {
        if (key.get("kty").asText().equals("EC")) {
            return CoseKeys.ecPublicKey(b64(key.get("x").asText()), b64(key.get("y").asText()));
        }
        return new Ed25519PublicKeyParameters(HEX.parseHex(key.get("x_hex").asText().toLowerCase()));
    }

    private static AsymmetricKeyParameter privateKey(JsonNode key) {
        if (key.get("kty").asText().equals("EC")) {
            return new ECPrivateKeyParameters(b64(key.get("d").asText()), CoseKeys.P256);
        }
        return new X25519PrivateKeyParameters(HEX.parseHex(key.get("d_hex").asText().toLowerCase()));
    }

    private static BigInteger b64(String value) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(value));
    }

    private static byte[] hex(String value) {
        return HEX.parseHex(value.toLowerCase());
    }
}
