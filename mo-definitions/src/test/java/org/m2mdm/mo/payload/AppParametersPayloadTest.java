package org.m2mdm.mo.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AppParametersPayloadTest {

    @Test
    void roundTripsAndSortsParametersByName() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("interval", "900");
        params.put("password", "hunter2");
        params.put("apn", "m2m.example");
        AppParametersPayload p = new AppParametersPayload("meter-reading", "3", List.of("coaps://app.example:5684"), params);
        AppParametersPayload back = AppParametersPayload.decode(p.encode());
        assertThat(back).isEqualTo(p);
        assertThat(back.parameterLines()).containsExactly("apn=m2m.example", "interval=900", "password=hunter2");
        assertThat(back.serverUris()).containsExactly("coaps://app.example:5684");
    }

    @Test
    void toStringShowsParameterNamesButNotValues() {
        AppParametersPayload p = new AppParametersPayload("app", "1", List.of(), Map.of("password", "hunter2"));
        assertThat(p.toString()).contains("password").doesNotContain("hunter2");
    }

    @Test
    void rejectsBadNamesValuesAndUris() {
        assertThatThrownBy(() -> new AppParametersPayload("bad id!", "1", List.of(), Map.of()))
                .isInstanceOf(PayloadFormatException.class).hasMessageContaining("'app'");
        assertThatThrownBy(() -> new AppParametersPayload("app", "1", List.of(), Map.of("a=b", "c")))
                .hasMessageContaining("without '='");
        assertThatThrownBy(() -> new AppParametersPayload("app", "1", List.of(), Map.of("a", "line\nbreak")))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> new AppParametersPayload("app", "1", List.of("relative/path"), Map.of()))
                .hasMessageContaining("not absolute");
        assertThatThrownBy(() -> AppParametersPayload.decode(new byte[] { 0x01 })).hasMessageContaining("CBOR map");
    }
}
