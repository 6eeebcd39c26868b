package org.m2mdm.mo.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BootstrapTriggerTest {
    @Test
    void roundTripsWithAndWithoutAnAddress() {
        assertThat(BootstrapTrigger.decode(BootstrapTrigger.now().encode())).isEqualTo(BootstrapTrigger.now());
        BootstrapTrigger t = BootstrapTrigger.to("coaps://aas.m2m.local:5684");
        assertThat(new String(t.encode(), StandardCharsets.US_ASCII)).isEqualTo("M2MDM BOOTSTRAP aas=coaps://aas.m2m.local:5684");
        assertThat(BootstrapTrigger.decode(t.encode())).isEqualTo(t);
    }

    @Test
    void rejectsOtherMessagesAndBadAddresses() {
        assertThatThrownBy(() -> BootstrapTrigger.decode("hello".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(PayloadFormatException.class).hasMessageContaining("not a bootstrap trigger");
        assertThatThrownBy(() -> BootstrapTrigger.decode("M2MDM BOOTSTRAP aas=http://x".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("coap(s)");
        assertThatThrownBy(() -> BootstrapTrigger.decode("M2MDM BOOTSTRAP now please".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("aas=");
    }
}
