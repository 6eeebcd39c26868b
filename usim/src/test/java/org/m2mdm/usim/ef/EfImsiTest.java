package org.m2mdm.usim.ef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.m2mdm.usim.Imsi;

class EfImsiTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesAnOddLengthImsi() {
        assertThat(HEX.formatHex(EfImsi.encode(Imsi.of("001010000123456")))).isEqualTo("080910100000214365");
    }

    @Test
    void encodesAnEvenLengthImsiWithFFiller() {
        assertThat(HEX.formatHex(EfImsi.encode(Imsi.of("00101000012345")))).isEqualTo("0801101000002143f5");
    }

    @Test
    void padsUnusedBytesWithFF() {
        assertThat(HEX.formatHex(EfImsi.encode(Imsi.of("0010112")))).isEqualTo("0409101021ffffffff");
    }

    @Test
    void decodesBothForms() {
        assertThat(EfImsi.decode(HEX.parseHex("080910100000214365"), 2)).isEqualTo(Imsi.of("001010000123456"));
        assertThat(EfImsi.decode(HEX.parseHex("0801101000002143f5"), 2)).isEqualTo(Imsi.of("00101000012345"));
        assertThat(EfImsi.decode(HEX.parseHex("0801101000002143F5"), 3).mnc()).isEqualTo("010");
    }

    @Test
    void roundTripsEveryLength() {
        String digits = "310410123456789";
        for (int n = 6; n <= 15; n++) {
            Imsi imsi = Imsi.of(digits.substring(0, n));
            assertThat(EfImsi.decode(EfImsi.encode(imsi), 2)).isEqualTo(imsi);
        }
    }

    @Test
    void rejectsMalformedFiles() {
        assertThatThrownBy(() -> EfImsi.decode(HEX.parseHex("0809101000002143"), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("EF_IMSI must be 9 bytes, got 8");
        assertThatThrownBy(() -> EfImsi.decode(HEX.parseHex("ffffffffffffffffff"), 2))
                .hasMessage("EF_IMSI is empty (length byte FF)");
        assertThatThrownBy(() -> EfImsi.decode(HEX.parseHex("090910100000214365"), 2))
                .hasMessage("EF_IMSI length byte must be 4-8 for a 6-15 digit IMSI, got 9");
        assertThatThrownBy(() -> EfImsi.decode(HEX.parseHex("080a10100000214365"), 2))
                .hasMessage("EF_IMSI identity type must be 001 (IMSI), got 10");
        assertThatThrownBy(() -> EfImsi.decode(HEX.parseHex("0809101000002143a5"), 2))
                .hasMessage("EF_IMSI digit 15 is not a decimal digit (nibble A)");
        assertThatThrownBy(() -> EfImsi.decode(HEX.parseHex("080110100000214355"), 2))
                .hasMessage("EF_IMSI parity says an even number of digits but the filler nibble is not F");
        assertThatThrownBy(() -> EfImsi.decode(HEX.parseHex("0409101021ffff00ff"), 2))
                .hasMessage("EF_IMSI byte 8 after the IMSI must be FF");
        assertThatThrownBy(() -> EfImsi.decode(null, 2)).hasMessage("EF_IMSI must not be null");
    }
}
