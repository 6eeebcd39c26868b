package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {
    private static final byte[] K = HexFormat.of().parseHex("465b5ce8b199b49faa5f0a2ee238a6bc");
    private static final byte[] OPC = HexFormat.of().parseHex("cd63cb71954a9f4e48a5994e37a02baf");

    @TempDir
    Path dir;

    @Test
    void createsAKeyFileReadableOnlyByTheOwner() throws Exception {
        Path keyFile = dir.resolve("keys/master.keys");
        SecretCipher.load(keyFile);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void roundTripsAndPrefixesTheKeyId() {
        SecretCipher cipher = SecretCipher.load(dir.resolve("k"));
        String stored = cipher.encrypt(K, "usim_credentials/1/k_enc");
        assertThat(stored).startsWith("k1:").doesNotContain(HexFormat.of().formatHex(K));
        assertThat(cipher.decrypt(stored, "usim_credentials/1/k_enc")).isEqualTo(K);
        assertThat(cipher.encrypt(K, "usim_credentials/1/k_enc")).as("fresh IV each time").isNotEqualTo(stored);
    }

    @Test
    void aValueMovedToAnotherRowOrColumnDoesNotDecrypt() {
        SecretCipher cipher = SecretCipher.load(dir.resolve("k"));
        String stored = cipher.encrypt(K, SecretCipher.context("usim_credentials", "row-1", "k_enc"));
        assertThatThrownBy(() -> cipher.decrypt(stored, SecretCipher.context("usim_credentials", "row-2", "k_enc")))
                .isInstanceOf(SecretDecryptionException.class).hasMessageContaining("moved from another row");
        assertThatThrownBy(() -> cipher.decrypt(stored, SecretCipher.context("usim_credentials", "row-1", "opc_enc")))
                .isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void tamperedOrMalformedValuesAreRefusedWithoutEchoingThem() {
        SecretCipher cipher = SecretCipher.load(dir.resolve("k"));
        String stored = cipher.encrypt(OPC, "t/1/c");
        char last = stored.charAt(stored.length() - 3);
        String tampered = stored.substring(0, stored.length() - 3) + (last == 'A' ? 'B' : 'A') + stored.substring(stored.length() - 2);
        assertThatThrownBy(() -> cipher.decrypt(tampered, "t/1/c")).isInstanceOf(SecretDecryptionException.class)
                .hasMessageNotContaining(tampered.substring(3));
        assertThatThrownBy(() -> cipher.decrypt("no-colon", "t/1/c")).hasMessageContaining("keyId:ciphertext");
        assertThatThrownBy(() -> cipher.decrypt("k9:AAAA", "t/1/c")).hasMessageContaining("key k9");
    }

    @Test
    void anotherKeyFileCannotDecrypt() {
        String stored = SecretCipher.load(dir.resolve("a")).encrypt(K, "t/1/c");
        assertThatThrownBy(() -> SecretCipher.load(dir.resolve("b")).decrypt(stored, "t/1/c"))
                .isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void rotationReencryptsEveryRowInOneTransactionAndRetiresTheOldKey() {
        try (StoreFixture f = StoreFixture.open(dir)) {
            Tenant t = f.tenant("op");
            UsimCredentialSet set = f.stores.usimCredentials().create(t.id(),
                    new NewUsimCredentialSet("001010000000001", org.m2mdm.usim.Iccid.withCheckDigit("898821100000000001").digits(), new UsimSecret(K, OPC), "MILENAGE", 0x8000, "001-01"));
            Device d = f.device(t.id(), "ep-1");
            ManagementServer s = f.stores.managementServers().create(t.id(),
                    new NewManagementServer("usim", ManagementServerRole.USIM, "coaps://127.0.0.1:5684", 1, null));
            f.stores.deviceCredentials().put(t.id(), d.id(), s.id(), "psk-ep-1", new byte[16]);
            f.stores.managementServers().setPrivateKey(t.id(), s.id(), "pkcs8-bytes".getBytes(StandardCharsets.US_ASCII));

            SecretCipher cipher = f.stores.cipher();
            String newKey = cipher.rotate();
            assertThat(newKey).isEqualTo("k2");
            assertThat(cipher.keyIds()).containsExactlyInAnyOrder("k1", "k2");

            assertThat(cipher.reencryptAll(f.stores.database())).isEqualTo(4);

            assertThat(cipher.keyIds()).containsExactly("k2");
            assertThat(f.stores.database().jdbc().query("SELECT k_enc FROM usim_credentials", r -> r.str("k_enc")))
                    .allMatch(v -> v.startsWith("k2:"));
            assertThat(f.stores.usimCredentials().secret(t.id(), set.id()).orElseThrow().k()).isEqualTo(K);
            assertThat(f.stores.deviceCredentials().find(t.id(), d.id(), s.id()).orElseThrow().pskKey()).isEqualTo(new byte[16]);
            assertThat(f.stores.managementServers().privateKey(t.id(), s.id()).orElseThrow()).asString().isEqualTo("pkcs8-bytes");
            // The retired key is gone from the file too: a reload knows only k2.
            assertThat(SecretCipher.load(Stores.masterKeyFile(dir)).keyIds()).containsExactly("k2");

            // and again through the facade: ids keep growing, a retired id is never reused
            assertThat(f.stores.rotateMasterKey()).isEqualTo(4);
            assertThat(cipher.keyIds()).containsExactly("k3");
            assertThat(f.stores.usimCredentials().secret(t.id(), set.id()).orElseThrow().opc()).isEqualTo(OPC);
        }
    }

    @Test
    void aFailedReencryptionChangesNothingAndKeepsTheOldKey() {
        try (StoreFixture f = StoreFixture.open(dir)) {
            Tenant t = f.tenant("op");
            UsimCredentialSet good = f.stores.usimCredentials().create(t.id(), new NewUsimCredentialSet("001010000000001",
                    org.m2mdm.usim.Iccid.withCheckDigit("898821100000000001").digits(), new UsimSecret(K, OPC), "MILENAGE", 0, "001-01"));
            UsimCredentialSet bad = f.stores.usimCredentials().create(t.id(), new NewUsimCredentialSet("001010000000002",
                    org.m2mdm.usim.Iccid.withCheckDigit("898821100000000002").digits(), new UsimSecret(K, OPC), "MILENAGE", 0, "001-01"));
            // a value moved from another row: it cannot be decrypted for this row
            f.stores.database().jdbc().update("UPDATE usim_credentials SET opc_enc = (SELECT k_enc FROM usim_credentials WHERE id = ?)"
                    + " WHERE id = ?", good.id(), bad.id());

            assertThatThrownBy(f.stores::rotateMasterKey).isInstanceOf(SecretDecryptionException.class);

            assertThat(f.stores.cipher().keyIds()).contains("k1");
            assertThat(f.stores.database().jdbc().query("SELECT k_enc FROM usim_credentials", r -> r.str("k_enc")))
                    .allMatch(v -> v.startsWith("k1:"));
            assertThat(f.stores.usimCredentials().secret(t.id(), good.id()).orElseThrow().k()).isEqualTo(K);
        }
    }

    @Test
    void keysCanBeSuppliedByConfiguration() {
        String base64 = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        SecretCipher cipher = SecretCipher.ofBase64Key("env1", base64);
        assertThat(cipher.decrypt(cipher.encrypt(K, "c"), "c")).isEqualTo(K);
        assertThatThrownBy(() -> SecretCipher.ofBase64Key("env1", "not base64!")).hasMessageContaining("base64");
        assertThatThrownBy(() -> SecretCipher.of("a", Map.of("a", new byte[16]))).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretCipher.of("b", Map.of("a", new byte[32]))).hasMessageContaining("not among");
        assertThat(cipher.keyIds()).isEqualTo(Set.of("env1"));
    }

    @Test
    void aDamagedKeyFileIsReportedWithItsLine() throws Exception {
        Path keyFile = dir.resolve("k");
        Files.writeString(keyFile, "current=k1\nkey.k1=tooShort\n");
        assertThatThrownBy(() -> SecretCipher.load(keyFile)).hasMessageContaining("line 2");
    }
}
