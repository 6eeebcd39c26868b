package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the raw H2 file bytes: secrets must not be there in any plain encoding, while ordinary data is. */
class SecretsAtRestTest {
    // Distinctive values (TS 35.208 test set 1 K and OPc) so an accidental hit is impossible.
    private static final byte[] K = HexFormat.of().parseHex("465b5ce8b199b49faa5f0a2ee238a6bc");
    private static final byte[] OPC = HexFormat.of().parseHex("cd63cb71954a9f4e48a5994e37a02baf");
    private static final byte[] PSK = HexFormat.of().parseHex("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    private static final byte[] PRIVATE_KEY = "-----PKCS8-PRIVATE-KEY-BYTES-9d41-----".getBytes(StandardCharsets.US_ASCII);
    private static final String MARKER = "NONSECRET-MARKER-7f3a9c";

    @TempDir
    Path dir;

    @Test
    void rawDatabaseFileHoldsNoKOpcPskOrPrivateKeyButDoesHoldOrdinaryData() throws Exception {
        try (StoreFixture f = StoreFixture.open(dir)) {
            Tenant t = f.tenant("operator-a");
            Device d = f.stores.devices().create(t.id(), new NewDevice("urn:imei:" + MARKER, null, null, Set.of(MARKER)));
            for (int i = 0; i < 20; i++) {
                f.stores.usimCredentials().create(t.id(), new NewUsimCredentialSet(String.format("0010100000%05d", i),
                        org.m2mdm.usim.Iccid.withCheckDigit(String.format("8988211000%08d", i)).digits(), new UsimSecret(K, OPC), "MILENAGE", 0x8000, "001-01"));
            }
            ManagementServer s = f.stores.managementServers().create(t.id(),
                    new NewManagementServer("usim", ManagementServerRole.USIM, "coaps://127.0.0.1:5684", 1, null));
            f.stores.deviceCredentials().put(t.id(), d.id(), s.id(), "psk-id-" + MARKER, PSK);
            f.stores.managementServers().setPrivateKey(t.id(), s.id(), PRIVATE_KEY);
        }
        byte[] raw = readAll(dir.resolve("db"));
        assertThat(raw.length).isGreaterThan(0);

        // Positive control: the scan does see plain data written the same way.
        assertThat(contains(raw, MARKER.getBytes(StandardCharsets.UTF_8))).as("marker found").isTrue();

        assertThat(contains(raw, PRIVATE_KEY)).as("private key").isFalse();
        for (byte[] secret : new byte[][] {K, OPC, PSK, PRIVATE_KEY}) {
            String hex = HexFormat.of().formatHex(secret);
            assertThat(contains(raw, secret)).as("raw bytes").isFalse();
            assertThat(contains(raw, hex.getBytes(StandardCharsets.US_ASCII))).as("lower-case hex").isFalse();
            assertThat(contains(raw, hex.toUpperCase().getBytes(StandardCharsets.US_ASCII))).as("upper-case hex").isFalse();
            assertThat(contains(raw, Base64.getEncoder().encodeToString(secret).getBytes(StandardCharsets.US_ASCII))).as("base64").isFalse();
            assertThat(contains(raw, hex.getBytes(StandardCharsets.UTF_16BE))).as("UTF-16 hex").isFalse();
        }
    }

    private static byte[] readAll(Path dbDir) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(dbDir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                out.write(Files.readAllBytes(p));
            }
        }
        return out.toByteArray();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
