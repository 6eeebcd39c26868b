package org.m2mdm.mo.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import com.upokecenter.cbor.CBORObject;

class UsimProfilePayloadTest {
    static final String K_HEX = "465b5ce8b199b49faa5f0a2ee238a6bc";
    static final String OPC_HEX = "cd63cb71954a9f4e48a5994e37a02baf";

    static UsimProfilePayload.Builder sample() {
        return UsimProfilePayload.builder().imsi("001010123456789", 2).iccid("89001012345678901234")
                .k(HexFormat.of().parseHex(K_HEX)).opc(HexFormat.of().parseHex(OPC_HEX)).operatorPlmn("001-01")
                .operatorName("Test Operator").profileName("ops-1");
    }

    @Test
    void roundTripsThroughCanonicalCbor() {
        UsimProfilePayload p = sample().fallback(true).build();
        byte[] encoded = p.encode();
        UsimProfilePayload back = UsimProfilePayload.decode(encoded);
        assertThat(back).isEqualTo(p);
        assertThat(back.k()).isEqualTo(HexFormat.of().parseHex(K_HEX));
        assertThat(back.fallback()).isTrue();
        assertThat(back.encode()).isEqualTo(encoded);
        assertThat(back.mcc()).isEqualTo("001");
        assertThat(back.mnc()).isEqualTo("01");
    }

    @Test
    void toStringNeverPrintsKOrOpc() {
        String s = sample().build().toString();
        assertThat(s).doesNotContainIgnoringCase(K_HEX).doesNotContainIgnoringCase(OPC_HEX).contains("001010123456789");
    }

    @Test
    void accessorsReturnCopies() {
        UsimProfilePayload p = sample().build();
        p.k()[0] = 0;
        assertThat(p.k()).isEqualTo(HexFormat.of().parseHex(K_HEX));
    }

    @Test
    void rejectsAShortKWithoutEchoingIt() {
        assertThatThrownBy(() -> sample().k(new byte[] { 1, 2, 3 }).build()).isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("'k' must be 16 bytes");
    }

    @Test
    void rejectsAnImsiOutsideTheOperatorPlmn() {
        assertThatThrownBy(() -> sample().operatorPlmn("002-01").build()).isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("not inside the operator PLMN");
    }

    @Test
    void rejectsAnMncLengthThatContradictsThePlmn() {
        assertThatThrownBy(() -> sample().imsi("001010123456789", 3).build())
                .hasMessageContaining("does not match the MNC");
    }

    @Test
    void rejectsGarbageUnknownFieldsAndOtherVersions() {
        assertThatThrownBy(() -> UsimProfilePayload.decode(new byte[] { (byte) 0xff, 0x01 }))
                .isInstanceOf(PayloadFormatException.class).hasMessageContaining("CBOR");
        assertThatThrownBy(() -> UsimProfilePayload.decode(new byte[0])).hasMessageContaining("empty");
        CBORObject o = CBORObject.DecodeFromBytes(sample().build().encode());
        o.Add("extra", 1);
        assertThatThrownBy(() -> UsimProfilePayload.decode(o.EncodeToBytes())).hasMessageContaining("unknown field");
        CBORObject v2 = CBORObject.DecodeFromBytes(sample().build().encode());
        v2.Set("v", 2);
        assertThatThrownBy(() -> UsimProfilePayload.decode(v2.EncodeToBytes())).hasMessageContaining("version 2");
        CBORObject noK = CBORObject.DecodeFromBytes(sample().build().encode());
        noK.Remove(CBORObject.FromObject("k"));
        assertThatThrownBy(() -> UsimProfilePayload.decode(noK.EncodeToBytes())).hasMessageContaining("lacks field 'k'");
        CBORObject list = CBORObject.NewArray();
        assertThatThrownBy(() -> UsimProfilePayload.decode(list.EncodeToBytes())).hasMessageContaining("must be a CBOR map");
    }
}
