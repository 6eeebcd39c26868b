package org.m2mdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.m2mdm.usim.Iccid;

class UsimCredentialStoreTest extends StoreTestBase {
    private static final byte[] K = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] OPC = HexFormat.of().parseHex("f0e0d0c0b0a090807060504030201000");

    private NewUsimCredentialSet set(int n) {
        return new NewUsimCredentialSet(String.format("0010100000%05d", n), Iccid.withCheckDigit(String.format("8988211000%08d", n)).digits(),
                new UsimSecret(K, OPC), "MILENAGE", 0x8000, "001-01");
    }

    @Test
    void keepsTheSecretEncryptedAndGivesItBackOnlyToItsTenant() {
        UsimCredentialSet s = stores.usimCredentials().create(a.id(), set(1));
        String stored = stores.database().jdbc().queryOne("SELECT k_enc FROM usim_credentials", r -> r.str("k_enc")).orElseThrow();
        assertThat(stored).startsWith("k1:").doesNotContain(HexFormat.of().formatHex(K));

        UsimSecret secret = stores.usimCredentials().secret(a.id(), s.id()).orElseThrow();
        assertThat(secret.k()).isEqualTo(K);
        assertThat(secret.opc()).isEqualTo(OPC);
        assertThat(secret.toString()).doesNotContain(HexFormat.of().formatHex(K));
        assertThat(stores.usimCredentials().secret(b.id(), s.id())).isEmpty();
        assertThat(stores.usimCredentials().find(b.id(), s.id())).isEmpty();
        assertThat(stores.usimCredentials().credentials(a.id(), s.id())).hasValueSatisfying(c -> {
            assertThat(c.imsi().plmn().toString()).isEqualTo("001-01");
            assertThat(c.k().bytes()).isEqualTo(K);
        });
    }

    @Test
    void aCiphertextCopiedIntoAnotherRowDoesNotDecrypt() {
        UsimCredentialSet one = stores.usimCredentials().create(a.id(), set(1));
        UsimCredentialSet two = stores.usimCredentials().create(a.id(), set(2));
        stores.database().jdbc().update("UPDATE usim_credentials SET k_enc = (SELECT k_enc FROM usim_credentials WHERE id = ?)"
                + " WHERE id = ?", one.id(), two.id());
        assertThatThrownBy(() -> stores.usimCredentials().secret(a.id(), two.id())).isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void assignsFromThePoolUntilItIsEmpty() {
        Device d1 = f.device(a.id(), "urn:imei:1");
        Device d2 = f.device(a.id(), "urn:imei:2");
        stores.usimCredentials().create(a.id(), set(1));
        UsimCredentialSet got = stores.usimCredentials().assignFromPool(a.id(), "001-01", d1.id()).orElseThrow();
        assertThat(got.assignedDeviceId()).isEqualTo(d1.id());
        assertThat(stores.usimCredentials().forDevice(a.id(), d1.id())).containsExactly(got);
        assertThat(stores.usimCredentials().assignFromPool(a.id(), "001-01", d2.id())).isEmpty();
        assertThatThrownBy(() -> stores.usimCredentials().assignFromPool(b.id(), "001-01", d2.id())).as("d2 is not b's")
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void rejectsBadSetsWithoutEchoingTheSecret() {
        stores.usimCredentials().create(a.id(), set(1));
        assertThatThrownBy(() -> stores.usimCredentials().create(a.id(), set(1))).isInstanceOf(DuplicateKeyException.class)
                .hasMessageNotContaining(HexFormat.of().formatHex(K));
        NewUsimCredentialSet wrongOperator = new NewUsimCredentialSet("001020000000001", set(3).iccid(), new UsimSecret(K, OPC),
                "MILENAGE", 0, "001-01");
        assertThatThrownBy(() -> stores.usimCredentials().create(a.id(), wrongOperator)).hasMessageContaining("not in operator");
        NewUsimCredentialSet badAlgorithm = new NewUsimCredentialSet(set(4).imsi(), set(4).iccid(), new UsimSecret(K, OPC), "COMP128",
                0, "001-01");
        assertThatThrownBy(() -> stores.usimCredentials().create(a.id(), badAlgorithm)).hasMessageContaining("COMP128");
        assertThatThrownBy(() -> new UsimSecret(new byte[15], OPC)).hasMessageContaining("16 bytes");
        assertThat(stores.usimCredentials().list(a.id())).hasSize(1);
    }
}
