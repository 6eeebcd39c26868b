package org.m2mdm.network.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.m2mdm.network.sim.Subscribers.HOME;
import static org.m2mdm.network.sim.Subscribers.credentials;
import static org.m2mdm.network.sim.Subscribers.usim;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriberView;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.Sqn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.aka.AkaResponder;
import org.m2mdm.usim.aka.UsimAuthenticator;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HssPersistenceTest {

  private static final InetSocketAddress AAS = new InetSocketAddress("127.0.0.1", 15684);

  @TempDir
  Path dir;

  private SimulatedNetwork open() {
    return SimulatedNetwork.builder().dataDirectory(dir).operator(HOME, "Home").build();
  }

  @Test
  void keepsSubscribersAndSqnAcrossARestart() {
    UsimCredentials c = credentials(HOME);
    UsimCredentials barred = credentials(HOME);
    UsimAuthenticator usim = usim(c);
    try (SimulatedNetwork network = open()) {
      network.provisioning(HOME).createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.only(AAS));
      network.provisioning(HOME).createSubscription(barred, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
      network.provisioning(HOME).bar(barred.imsi());
      for (int i = 0; i < 3; i++) {
        assertThat(network.attach(HOME, c.imsi(), usim).isAttached()).isTrue();
      }
    }

    try (SimulatedNetwork restarted = open()) {
      assertThat(restarted.provisioning(HOME).subscribers()).containsExactly(
          new SubscriberView(c.imsi(), SubscriptionState.ACTIVE, DestinationFilter.only(AAS)),
          new SubscriberView(barred.imsi(), SubscriptionState.BARRED, DestinationFilter.allowAll()));
      // Had SQN_HE been lost, the USIM would refuse the first vector and the network would need a second one.
      AtomicInteger challenges = new AtomicInteger();
      AkaResponder counting = (rand, autn) -> {
        challenges.incrementAndGet();
        return usim.respond(rand, autn);
      };
      assertThat(restarted.attach(HOME, c.imsi(), counting).isAttached()).isTrue();
      assertThat(challenges).hasValue(1);
    }
  }

  @Test
  void keepsDnsRecordsAcrossARestart() {
    try (SimulatedNetwork network = open()) {
      network.provisioning(HOME).putDnsRecord("aas.m2m.local", AAS);
    }
    try (SimulatedNetwork restarted = open()) {
      assertThat(restarted.operator(HOME).dnsRecords()).containsEntry("aas.m2m.local", AAS);
    }
  }

  @Test
  void writesAnOwnerOnlyFileWithoutLeftovers() throws Exception {
    try (SimulatedNetwork network = open()) {
      network.provisioning(HOME).createSubscription(credentials(HOME), SubscriptionState.ACTIVE,
          DestinationFilter.allowAll());
    }
    Path file = dir.resolve("hss-001-01.json");

    assertThat(file).exists();
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("hss-001-01.json", "network.lock");
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
  }

  @Test
  void refusesASecondOpenNetworkOnTheSameDirectory() {
    try (SimulatedNetwork network = open()) {
      assertThat(network.visibleNetworks()).isNotEmpty();
      assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
    }
    open().close(); // released on close
  }

  @Test
  void reportsACorruptFileWithoutQuotingItsSecrets() throws Exception {
    UsimCredentials c = credentials(HOME);
    FileHssStore store = new FileHssStore(dir.resolve("hss.json"), HOME);
    store.save(List.of(new SubscriberRecord(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll(), Sqn.of(64))));
    String k = HexFormat.of().formatHex(c.k().bytes());
    String content = Files.readString(dir.resolve("hss.json"), UTF_8);
    assertThat(content).contains(k); // the simulated AuC does hold K

    Files.writeString(dir.resolve("hss.json"), content.replace("\"k\" : \"" + k + "\"", "\"k\" : \"" + k + "zz\"}"));
    assertThatThrownBy(store::load).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not valid JSON").satisfies(e -> assertThat(e.getMessage()).doesNotContain(k));

    Files.writeString(dir.resolve("hss.json"), content.replace(k, k.substring(2) + "zz"));
    assertThatThrownBy(store::load).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("subscriber #0").hasMessageContaining("k ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(k.substring(2)));
  }

  @Test
  void refusesAFileOfAnotherOperator() {
    FileHssStore store = new FileHssStore(dir.resolve("hss.json"), HOME);
    store.save(List.of());

    assertThatThrownBy(() -> new FileHssStore(dir.resolve("hss.json"), Subscribers.OTHER).load())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to PLMN 001-01");
  }

  @Test
  void aFailedSaveChangesNothing() {
    HssStore failing = new HssStore() {
      private boolean fail;

      @Override
      public List<SubscriberRecord> load() {
        return List.of();
      }

      @Override
      public void save(List<SubscriberRecord> subscribers) {
        if (fail) {
          throw new UncheckedIOException(new java.io.IOException("disk full"));
        }
        fail = true;
      }
    };
    Hss hss = new Hss(HOME, failing);
    UsimCredentials c = credentials(HOME);
    hss.add(new SubscriberRecord(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll(), Sqn.of(0)));

    assertThatThrownBy(() -> hss.update(c.imsi(), r -> r.withState(SubscriptionState.BARRED)))
        .isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> hss.add(new SubscriberRecord(credentials(HOME), SubscriptionState.ACTIVE,
        DestinationFilter.allowAll(), Sqn.of(0)))).isInstanceOf(UncheckedIOException.class);

    assertThat(hss.all()).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(SubscriptionState.ACTIVE));
  }
}
