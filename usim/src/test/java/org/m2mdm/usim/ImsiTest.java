package org.m2mdm.usim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImsiTest {

    @Test
    void splitsIntoMccMncMsinWithTwoDigitMncByDefault() {
        Imsi imsi = Imsi.of("001010000123456");
        assertThat(imsi.mcc()).isEqualTo("001");
        assertThat(imsi.mnc()).isEqualTo("01");
        assertThat(imsi.msin()).isEqualTo("0000123456");
        assertThat(imsi.plmn()).isEqualTo(Plmn.of("001", "01"));
        assertThat(imsi).hasToString("001010000123456");
    }

    @Test
    void honoursAThreeDigitMnc() {
        Imsi imsi = Imsi.of("310410123456789", 3);
        assertThat(imsi.mnc()).isEqualTo("410");
        assertThat(imsi.msin()).isEqualTo("123456789");
        assertThat(Imsi.of(Plmn.of("310", "410"), "123456789")).isEqualTo(imsi);
    }

    @Test
    void rejectsTooShortOrTooLong() {
        assertThatThrownBy(() -> Imsi.of("00101")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IMSI must be 6-15 digits, got 5");
        assertThatThrownBy(() -> Imsi.of("0010100001234567")).hasMessage("IMSI must be 6-15 digits, got 16");
    }

    @Test
    void rejectsNonDigits() {
        assertThatThrownBy(() -> Imsi.of("00101000012a456")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IMSI must contain only decimal digits, character 12 is 'a'");
    }

    @Test
    void rejectsBadMncLengthAndMissingMsin() {
        assertThatThrownBy(() -> Imsi.of("001010000123456", 1)).hasMessage("MNC length must be 2 or 3, got 1");
        assertThatThrownBy(() -> Imsi.of("001010", 3)).hasMessage("IMSI 001010 has no MSIN after MCC and a 3-digit MNC");
        assertThatThrownBy(() -> Imsi.of(null)).hasMessage("IMSI must not be null");
    }
}
