package org.m2mdm.server.connectivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.m2mdm.network.DestinationFilter;

class DestinationFilterTextTest {

    @Test
    void roundTripsAllowAllNoneAndLists() {
        assertThat(DestinationFilterText.parse("allow-all").allowsAll()).isTrue();
        assertThat(DestinationFilterText.parse("none").allowed()).isEmpty();
        DestinationFilter f = DestinationFilterText.parse("127.0.0.1:5784, 127.0.0.1:5684,[::1]:5683");
        assertThat(f.permits(new InetSocketAddress("127.0.0.1", 5684))).isTrue();
        assertThat(f.permits(new InetSocketAddress("127.0.0.1", 5685))).isFalse();
        assertThat(DestinationFilterText.format(f)).isEqualTo("127.0.0.1:5684,127.0.0.1:5784,[0:0:0:0:0:0:0:1]:5683");
        assertThat(DestinationFilterText.parse(DestinationFilterText.format(f))).isEqualTo(f);
        assertThat(DestinationFilterText.format(DestinationFilter.allowAll())).isEqualTo("allow-all");
        assertThat(DestinationFilterText.format(DestinationFilter.only())).isEqualTo("none");
    }

    @Test
    void rejectsHostNamesBadPortsAndGarbageNamingTheEntry() {
        assertThatThrownBy(() -> DestinationFilterText.parse("aas.example:5684")).hasMessageContaining("literal IP");
        assertThatThrownBy(() -> DestinationFilterText.parse("127.0.0.1:0")).hasMessageContaining("port out of range");
        assertThatThrownBy(() -> DestinationFilterText.parse("127.0.0.1:x")).hasMessageContaining("non-numeric");
        assertThatThrownBy(() -> DestinationFilterText.parse("127.0.0.1")).hasMessageContaining("address:port");
        assertThatThrownBy(() -> DestinationFilterText.parse("::1:5683")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> DestinationFilterText.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
