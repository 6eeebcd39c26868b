package org.m2mdm.usim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlmnTest {

    @Test
    void printsMccDashMnc() {
        assertThat(Plmn.of("001", "01")).hasToString("001-01");
        assertThat(Plmn.of("310", "410").digits()).isEqualTo("310410");
    }

    @Test
    void parsesDashedAndPlainForms() {
        assertThat(Plmn.parse("001-01")).isEqualTo(Plmn.of("001", "01"));
        assertThat(Plmn.parse("00101")).isEqualTo(Plmn.of("001", "01"));
        assertThat(Plmn.parse("310410")).isEqualTo(Plmn.of("310", "410"));
        assertThat(Plmn.parse("310410", 3)).isEqualTo(Plmn.of("310", "410"));
        assertThat(Plmn.parse("00101", 2)).isEqualTo(Plmn.of("001", "01"));
    }

    @Test
    void rejectsBadMcc() {
        assertThatThrownBy(() -> Plmn.of("01", "01")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MCC must be 3 decimal digits, got '01'");
        assertThatThrownBy(() -> Plmn.of("0a1", "01")).hasMessage("MCC must be 3 decimal digits, got '0a1'");
    }

    @Test
    void rejectsBadMnc() {
        assertThatThrownBy(() -> Plmn.of("001", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MNC must be 2-3 decimal digits, got '1'");
        assertThatThrownBy(() -> Plmn.of("001", "0123")).hasMessage("MNC must be 2-3 decimal digits, got '0123'");
    }

    @Test
    void rejectsBadParseInput() {
        assertThatThrownBy(() -> Plmn.parse("0010")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PLMN must be written MCC-MNC or as 5-6 digits, got '0010'");
        assertThatThrownBy(() -> Plmn.parse("00101", 3))
                .hasMessage("PLMN with a 3-digit MNC must be 6 digits, got 5");
        assertThatThrownBy(() -> Plmn.parse("00101", 4)).hasMessage("MNC length must be 2 or 3, got 4");
    }
}
