package org.m2mdm.usim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretValuesTest {
    private static final String K_HEX = "465b5ce8b199b49faa5f0a2ee238a6bc";
    private static final String OP_HEX = "cdc202d5123e20f62b6d676ac72cb318";
    private static final String OPC_HEX = "cd63cb71954a9f4e48a5994e37a02baf";

    @Test
    void parsesHexInEitherCase() {
        assertThat(K.fromHex(K_HEX.toUpperCase()).bytes()).isEqualTo(HexFormat.of().parseHex(K_HEX));
        assertThat(K.fromHex(K_HEX)).isEqualTo(K.of(HexFormat.of().parseHex(K_HEX)));
        assertThat(Op.fromHex(OP_HEX).bytes()).hasSize(16);
        assertThat(Opc.fromHex(OPC_HEX).bytes()).hasSize(16);
    }

    @Test
    void toStringNeverShowsTheKeyValue() {
        assertThat(K.fromHex(K_HEX)).hasToString("K[redacted]");
        assertThat(Op.fromHex(OP_HEX)).hasToString("OP[redacted]");
        assertThat(Opc.fromHex(OPC_HEX)).hasToString("OPc[redacted]");
        assertThat(K.fromHex(K_HEX).toString()).doesNotContainIgnoringCase(K_HEX.substring(0, 6));
    }

    @Test
    void bytesReturnsACopy() {
        K k = K.fromHex(K_HEX);
        k.bytes()[0] ^= 1;
        assertThat(k.bytes()).isEqualTo(HexFormat.of().parseHex(K_HEX));
        byte[] raw = HexFormat.of().parseHex(K_HEX);
        K fromRaw = K.of(raw);
        raw[0] ^= 1;
        assertThat(fromRaw).isEqualTo(k);
    }

    @Test
    void rejectsWrongLengthWithoutEchoingTheValue() {
        assertThatThrownBy(() -> K.of(new byte[15])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("K must be 16 bytes, got 15");
        assertThatThrownBy(() -> Opc.fromHex(OPC_HEX.substring(1))).hasMessage("OPc must be 32 hex digits, got 31")
                .message().doesNotContain(OPC_HEX.substring(1, 10));
        assertThatThrownBy(() -> Op.fromHex(OP_HEX.substring(0, 31) + "g"))
                .hasMessage("OP must contain only hex digits (character 32 is not)");
        assertThatThrownBy(() -> K.of(null)).hasMessage("K must not be null");
    }

    @Test
    void sqnIs48BitsBigEndian() {
        assertThat(Sqn.of(HexFormat.of().parseHex("ff9bb4d0b607")).value()).isEqualTo(0xff9bb4d0b607L);
        assertThat(Sqn.of(0x0102030405L).bytes()).isEqualTo(HexFormat.of().parseHex("000102030405"));
        assertThatThrownBy(() -> Sqn.of(1L << 48)).hasMessage("SQN must be in 0..2^48-1, got 281474976710656");
        assertThatThrownBy(() -> Sqn.of(-1)).hasMessage("SQN must be in 0..2^48-1, got -1");
        assertThatThrownBy(() -> Sqn.of(new byte[5])).hasMessage("SQN must be 6 bytes, got 5");
    }

    @Test
    void amfIs16BitsBigEndian() {
        assertThat(Amf.of(HexFormat.of().parseHex("b9b9")).value()).isEqualTo(0xb9b9);
        assertThat(Amf.of(0x8000).bytes()).isEqualTo(new byte[] {(byte) 0x80, 0});
        assertThat(Amf.fromHex("8000")).isEqualTo(Amf.SEPARATION_BIT);
        assertThatThrownBy(() -> Amf.of(0x10000)).hasMessage("AMF must be in 0..0xFFFF, got 65536");
        assertThatThrownBy(() -> Amf.of(new byte[3])).hasMessage("AMF must be 2 bytes, got 3");
    }

    @Test
    void credentialsToStringShowsIdentitiesButNoKeys() {
        UsimCredentials c = new UsimCredentials(Imsi.of("001010000123456"), Iccid.of("89014103211118510720"),
                K.fromHex(K_HEX), Opc.fromHex(OPC_HEX), Algorithm.MILENAGE, Amf.of(0x8000));
        assertThat(c.toString()).contains("001010000123456", "89014103211118510720", "MILENAGE")
                .doesNotContainIgnoringCase(K_HEX).doesNotContainIgnoringCase(OPC_HEX)
                .doesNotContainIgnoringCase(K_HEX.substring(0, 8)).doesNotContainIgnoringCase(OPC_HEX.substring(0, 8));
    }

    @Test
    void credentialsRequireEveryPart() {
        assertThatThrownBy(() -> new UsimCredentials(Imsi.of("001010000123456"), Iccid.of("89014103211118510720"),
                null, Opc.fromHex(OPC_HEX), Algorithm.MILENAGE, Amf.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("UsimCredentials: K must not be null");
    }
}
