package org.m2mdm.network.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.m2mdm.network.sim.Subscribers.HOME;
import static org.m2mdm.network.sim.Subscribers.OTHER;
import static org.m2mdm.network.sim.Subscribers.credentials;
import static org.m2mdm.network.sim.Subscribers.usim;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.UsimCredentials;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LocalDnsTest {

  private static final InetSocketAddress HOME_AAS = new InetSocketAddress("127.0.0.1", 15684);
  private static final InetSocketAddress OTHER_AAS = new InetSocketAddress("127.0.0.1", 25684);

  @Test
  void resolvesTheSameNameToADifferentServerInEachNetwork() {
    try (SimulatedNetwork network = SimulatedNetwork.builder().operator(HOME, "Home").operator(OTHER, "Other").build()) {
      network.provisioning(HOME).putDnsRecord("aas.m2m.local", HOME_AAS);
      network.provisioning(OTHER).putDnsRecord("aas.m2m.local", OTHER_AAS);
      UsimCredentials a = credentials(HOME);
      UsimCredentials b = credentials(OTHER);
      network.provisioning(HOME).createSubscription(a, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
      network.provisioning(OTHER).createSubscription(b, SubscriptionState.ACTIVE, DestinationFilter.allowAll());

      Bearer onHome = ((AttachResult.Attached) network.attach(HOME, a.imsi(), usim(a))).bearer();
      Bearer onOther = ((AttachResult.Attached) network.attach(OTHER, b.imsi(), usim(b))).bearer();

      assertThat(onHome.resolve("aas.m2m.local")).contains(HOME_AAS);
      assertThat(onOther.resolve("AAS.M2M.LOCAL.")).contains(OTHER_AAS);
      assertThat(onHome.resolve("dm.m2m.local")).isEmpty();
    }
  }

  @Test
  void replacesAndRemovesRecords() {
    LocalDns dns = new LocalDns();
    dns.put("dm.m2m.local", HOME_AAS);
    dns.put("DM.m2m.local", OTHER_AAS);

    assertThat(dns.resolve("dm.m2m.local")).contains(OTHER_AAS);
    assertThat(dns.records()).containsOnlyKeys("dm.m2m.local");
    assertThat(dns.remove("dm.m2m.local")).isTrue();
    assertThat(dns.remove("dm.m2m.local")).isFalse();
    assertThat(dns.resolve("dm.m2m.local")).isEmpty();
  }

  @Test
  void refusesMalformedNamesAndAddresses() {
    LocalDns dns = new LocalDns();

    assertThatThrownBy(() -> dns.put("bad_name.local", HOME_AAS)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad_name.local");
    assertThatThrownBy(() -> dns.put("a..b", HOME_AAS)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> dns.put("", HOME_AAS)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> dns.put("aas.local", InetSocketAddress.createUnresolved("x", 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> dns.put("aas.local", new InetSocketAddress("127.0.0.1", 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(dns.records()).isEmpty();
  }
}
