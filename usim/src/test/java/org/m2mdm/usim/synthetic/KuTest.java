package org.m2mdm.usim.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KuTest {
    /** The worked example of usim/README.md: raw Ku 000102...0f. */
    static final String EXAMPLE_LABEL = "0004-1061-050R-3GG2-8A1C-60T3-GF6";
    static final byte[] EXAMPLE_RAW = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    @Test
    void writesTheDocumentedLabel() {
        assertThat(Ku.of(EXAMPLE_RAW).toLabel()).isEqualTo(EXAMPLE_LABEL);
    }

    @Test
    void parsesItsOwnLabelBack() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            Ku ku = Ku.generate(random);
            assertThat(Ku.parse(ku.toLabel())).isEqualTo(ku);
        }
        byte[] allOnes = new byte[16];
        java.util.Arrays.fill(allOnes, (byte) 0xFF);
        assertThat(Ku.parse(Ku.of(allOnes).toLabel())).isEqualTo(Ku.of(allOnes));
        assertThat(Ku.parse(Ku.of(new byte[16]).toLabel())).isEqualTo(Ku.of(new byte[16]));
    }

    @Test
    void forgivesCaseSpacingAndCrockfordAliases() {
        Ku expected = Ku.of(EXAMPLE_RAW);
        assertThat(Ku.parse("0004 1061 050r 3gg2 8a1c 60t3 gf6")).isEqualTo(expected);
        assertThat(Ku.parse("000410610 50R3GG28A1C60T3GF6")).isEqualTo(expected);
        assertThat(Ku.parse("OOO4-iO6l-O5OR-3GG2-8AIC-6OT3-GF6")).isEqualTo(expected);
        assertThat(Ku.parse("  0004--1061-050R-3GG2-8A1C-60T3-GF6\n")).isEqualTo(expected);
    }

    @Test
    void reportsEverySingleWrongCharacterAsATypo() {
        String compact = EXAMPLE_LABEL.replace("-", "");
        for (int i = 0; i < compact.length(); i++) {
            String alphabet = i < 26 ? Ku.ALPHABET : Ku.CHECK_ALPHABET;
            for (char c : alphabet.toCharArray()) {
                if (c == compact.charAt(i)) {
                    continue;
                }
                String typo = compact.substring(0, i) + c + compact.substring(i + 1);
                assertThatThrownBy(() -> Ku.parse(typo)).as(typo).isInstanceOf(KuFormatException.class);
            }
        }
    }

    @Test
    void reportsEverySwapOfAdjacentCharactersAsATypo() {
        Random random = new Random(7);
        for (int n = 0; n < 50; n++) {
            byte[] raw = new byte[16];
            random.nextBytes(raw);
            String compact = Ku.of(raw).toLabel().replace("-", "");
            for (int i = 0; i + 1 < compact.length(); i++) {
                if (compact.charAt(i) == compact.charAt(i + 1)) {
                    continue;
                }
                String swapped = compact.substring(0, i) + compact.charAt(i + 1) + compact.charAt(i)
                        + compact.substring(i + 2);
                assertThatThrownBy(() -> Ku.parse(swapped)).as(swapped).isInstanceOf(KuFormatException.class);
            }
        }
    }

    @Test
    void saysItIsATypoWithoutEchoingTheLabel() {
        String typo = EXAMPLE_LABEL.replace("3GG2", "3GH2");
        assertThatThrownBy(() -> Ku.parse(typo)).isInstanceOf(KuFormatException.class)
                .hasMessageContaining("typo").hasMessageNotContaining("3GH2").hasMessageNotContaining("0004");
    }

    @Test
    void namesTheGroupOfAnInvalidCharacter() {
        assertThatThrownBy(() -> Ku.parse("0004-1061-05UR-3GG2-8A1C-60T3-GF6")).isInstanceOf(KuFormatException.class)
                .hasMessage("Ku label has an invalid character in group 3, position 3 (a typo?)");
    }

    @Test
    void rejectsWrongLengthAndOutOfRangeLabels() {
        assertThatThrownBy(() -> Ku.parse("0004-1061-050R-3GG2-8A1C-60T3-GF"))
                .hasMessage("Ku label must have 27 characters (26 + 1 check character) besides spaces and hyphens, "
                        + "got 26");
        assertThatThrownBy(() -> Ku.parse(" ")).hasMessage("Ku label is empty");
        assertThatThrownBy(() -> Ku.parse(null)).isInstanceOf(KuFormatException.class);
        assertThatThrownBy(() -> Ku.parse("8004-1061-050R-3GG2-8A1C-60T3-GF6"))
                .hasMessage("Ku label is mistyped: its first character must be 0-7");
    }

    @Test
    void fingerprintIsSha256OfTheRawKuAndToStringHidesTheValue() {
        Ku ku = Ku.of(EXAMPLE_RAW);
        assertThat(ku.fingerprint()).isEqualTo("be45cb2605bf36bebde684841a28f0fd43c69850a3dce5fedba69928ee3a8991");
        assertThat(ku.toString()).doesNotContain("0004").doesNotContain("000102030405")
                .doesNotContain("0004-1061");
        assertThatThrownBy(() -> Ku.of(new byte[15])).hasMessage("Ku must be 16 bytes, got 15");
    }
}
