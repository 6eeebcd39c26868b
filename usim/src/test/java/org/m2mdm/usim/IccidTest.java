package org.m2mdm.usim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IccidTest {

    @Test
    void acceptsAValidLuhnCheckDigit() {
        // a published example ICCID; its Luhn sum was checked independently of this code
        assertThat(Iccid.of("89014103211118510720")).hasToString("89014103211118510720");
    }

    @Test
    void appendsTheCheckDigit() {
        assertThat(Iccid.withCheckDigit("8901410321111851072").digits()).isEqualTo("89014103211118510720");
        // 8,9,4,4,1 weighted 2,1,2,1,2 from the right end of the payload: 7+9+8+4+2 = 30, check digit 0
        assertThat(Iccid.withCheckDigit("8944100000000000000").digits()).isEqualTo("89441000000000000000");
        assertThat(Iccid.withCheckDigit("891004234814455936").digits()).hasSize(19);
    }

    @Test
    void rejectsAWrongCheckDigit() {
        assertThatThrownBy(() -> Iccid.of("89014103211118510722")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ICCID Luhn check digit is wrong: expected 0, got 2");
    }

    @Test
    void detectsEverySingleDigitError() {
        String valid = Iccid.withCheckDigit("8931440400012345678").digits();
        for (int i = 0; i < valid.length(); i++) {
            for (char c = '0'; c <= '9'; c++) {
                if (c == valid.charAt(i)) {
                    continue;
                }
                String typo = valid.substring(0, i) + c + valid.substring(i + 1);
                assertThatThrownBy(() -> Iccid.of(typo)).as(typo).hasMessageStartingWith("ICCID Luhn check digit");
            }
        }
    }

    @Test
    void rejectsBadLengthAndNonDigits() {
        assertThatThrownBy(() -> Iccid.of("89441000000000001")).hasMessage("ICCID must be 18-20 digits, got 17");
        assertThatThrownBy(() -> Iccid.of("894410000000000000011")).hasMessage("ICCID must be 18-20 digits, got 21");
        assertThatThrownBy(() -> Iccid.of("8944100000000000000F"))
                .hasMessage("ICCID must contain only decimal digits, character 20 is 'F'");
        assertThatThrownBy(() -> Iccid.withCheckDigit("8944"))
                .hasMessage("ICCID without its check digit must be 17-19 digits, got 4");
    }
}
