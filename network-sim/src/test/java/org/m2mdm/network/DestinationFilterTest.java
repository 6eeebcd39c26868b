package org.m2mdm.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DestinationFilterTest {

  private static final InetSocketAddress AAS = new InetSocketAddress("127.0.0.1", 5684);
  private static final InetSocketAddress DM = new InetSocketAddress("127.0.0.1", 5784);

  @Test
  void onlyPermitsTheListedEndpoints() {
    DestinationFilter filter = DestinationFilter.only(AAS);

    assertThat(filter.permits(AAS)).isTrue();
    assertThat(filter.permits(DM)).isFalse();
    assertThat(filter.permits(new InetSocketAddress("127.0.0.1", 5685))).isFalse();
    assertThat(filter.with(DM).permits(DM)).isTrue();
    assertThat(DestinationFilter.only().permits(AAS)).isFalse();
  }

  @Test
  void allowAllPermitsEverything() {
    assertThat(DestinationFilter.allowAll().permits(DM)).isTrue();
    assertThat(DestinationFilter.allowAll().allowsAll()).isTrue();
    assertThat(DestinationFilter.allowAll().with(DM)).isEqualTo(DestinationFilter.allowAll());
  }

  @Test
  void refusesUnresolvedOrPortlessOrContradictoryEntries() {
    assertThatThrownBy(() -> DestinationFilter.only(InetSocketAddress.createUnresolved("aas", 5684)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolved");
    assertThatThrownBy(() -> DestinationFilter.only(new InetSocketAddress("127.0.0.1", 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    assertThatThrownBy(() -> new DestinationFilter(Set.of(AAS), true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isAnImmutableValue() {
    java.util.Set<InetSocketAddress> mutable = new java.util.HashSet<>(Set.of(AAS));
    DestinationFilter filter = new DestinationFilter(mutable, false);
    mutable.add(DM);

    assertThat(filter.permits(DM)).isFalse();
    assertThat(filter).isEqualTo(DestinationFilter.only(AAS));
  }
}
