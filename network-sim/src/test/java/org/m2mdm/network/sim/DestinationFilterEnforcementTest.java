package org.m2mdm.network.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.m2mdm.network.sim.Subscribers.HOME;
import static org.m2mdm.network.sim.Subscribers.credentials;
import static org.m2mdm.network.sim.Subscribers.eventually;
import static org.m2mdm.network.sim.Subscribers.usim;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriberProvisioning;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.UsimCredentials;

/** The bearer's relay really forwards UDP, and only to what the subscription's current filter permits. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DestinationFilterEnforcementTest {

  /** How long to wait for a datagram that must not come; a wrong pass would show up much sooner. */
  private static final int SILENCE_MS = 300;

  private SimulatedNetwork network;
  private SubscriberProvisioning home;
  private UdpEchoServer aas;
  private UdpEchoServer elsewhere;
  private DatagramSocket terminal;
  private UsimCredentials c;

  @BeforeEach
  void setUp() throws Exception {
    network = SimulatedNetwork.builder().operator(HOME, "Home Mobile").build();
    home = network.provisioning(HOME);
    aas = new UdpEchoServer();
    elsewhere = new UdpEchoServer();
    terminal = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    terminal.setSoTimeout(2_000);
    c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.only(aas.address()));
  }

  @AfterEach
  void tearDown() throws Exception {
    terminal.close();
    network.close();
    aas.close();
    elsewhere.close();
  }

  private Bearer attach() {
    return ((AttachResult.Attached) network.attach(HOME, c.imsi(), usim(c))).bearer();
  }

  private void send(InetSocketAddress relay, String text) throws IOException {
    byte[] bytes = text.getBytes(UTF_8);
    terminal.send(new DatagramPacket(bytes, bytes.length, relay));
  }

  private Optional<String> receive(int timeoutMs, InetSocketAddress expectedSource) throws IOException {
    terminal.setSoTimeout(timeoutMs);
    byte[] buffer = new byte[2048];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    try {
      terminal.receive(packet);
    } catch (SocketTimeoutException e) {
      return Optional.empty();
    }
    assertThat(packet.getSocketAddress()).isEqualTo(expectedSource);
    return Optional.of(new String(packet.getData(), 0, packet.getLength(), UTF_8));
  }

  @Test
  void relaysToAPermittedDestinationAndRelaysTheReplyBack() throws Exception {
    Bearer bearer = attach();
    InetSocketAddress relay = bearer.relayTo(aas.address());

    assertThat(relay.getAddress().isLoopbackAddress()).isTrue();
    send(relay, "bootstrap-request");

    assertThat(receive(2_000, relay)).contains("bootstrap-request");
    assertThat(bearer.droppedDatagrams()).isZero();
  }

  @Test
  void dropsAndCountsDatagramsToADestinationOutsideTheFilter() throws Exception {
    Bearer bearer = attach();
    InetSocketAddress relay = bearer.relayTo(elsewhere.address());

    for (int i = 0; i < 3; i++) {
      send(relay, "probe-" + i);
    }

    assertThat(eventually(() -> bearer.droppedDatagrams() == 3, Duration.ofSeconds(5))).isTrue();
    assertThat(receive(SILENCE_MS, relay)).isEmpty();
    assertThat(elsewhere.received()).isZero();
  }

  @Test
  void givesTheSameRelayForTheSameDestinationAndAnotherForAnother() {
    Bearer bearer = attach();

    InetSocketAddress first = bearer.relayTo(aas.address());

    assertThat(bearer.relayTo(new InetSocketAddress("127.0.0.1", aas.address().getPort()))).isEqualTo(first);
    assertThat(bearer.relayTo(elsewhere.address())).isNotEqualTo(first);
  }

  @Test
  void appliesAFilterChangeWhileTheBearerIsUp() throws Exception {
    Bearer bearer = attach();
    InetSocketAddress relay = bearer.relayTo(elsewhere.address());
    send(relay, "before");
    assertThat(eventually(() -> bearer.droppedDatagrams() == 1, Duration.ofSeconds(5))).isTrue();

    home.setFilter(c.imsi(), DestinationFilter.allowAll()); // initial connectivity lifted
    send(relay, "after-lift");
    assertThat(receive(2_000, relay)).contains("after-lift");

    home.setFilter(c.imsi(), DestinationFilter.only(aas.address())); // restricted again
    send(relay, "after-restrict");
    assertThat(eventually(() -> bearer.droppedDatagrams() == 2, Duration.ofSeconds(5))).isTrue();
    assertThat(receive(SILENCE_MS, relay)).isEmpty();
    assertThat(home.find(c.imsi()).orElseThrow().filter()).isEqualTo(DestinationFilter.only(aas.address()));
  }

  @Test
  void carriesManyDatagramsInBothDirections() throws Exception {
    Bearer bearer = attach();
    InetSocketAddress relay = bearer.relayTo(aas.address());

    int echoed = 0;
    for (int i = 0; i < 200; i++) {
      send(relay, "n" + i);
      if (receive(2_000, relay).equals(Optional.of("n" + i))) {
        echoed++;
      }
    }

    assertThat(echoed).isEqualTo(200);
  }

  @Test
  void stopsRelayingWhenTheSubscriptionIsBarred() throws Exception {
    Bearer bearer = attach();
    InetSocketAddress relay = bearer.relayTo(aas.address());
    send(relay, "hello");
    assertThat(receive(2_000, relay)).contains("hello");

    home.bar(c.imsi());
    send(relay, "after-bar");

    assertThat(bearer.isOpen()).isFalse();
    assertThat(receive(SILENCE_MS, relay)).isEmpty();
    assertThat(aas.received()).isEqualTo(1);
  }

  @Test
  void closingTheBearerClosesItsRelays() throws Exception {
    Bearer bearer = attach();
    InetSocketAddress relay = bearer.relayTo(aas.address());

    bearer.close();
    send(relay, "after-close");

    assertThat(receive(SILENCE_MS, relay)).isEmpty();
    assertThat(aas.received()).isZero();
    assertThatThrownBy(() -> bearer.relayTo(aas.address())).isInstanceOf(IllegalStateException.class);
    assertThat(home.isAttached(c.imsi())).isFalse();
  }

  @Test
  void rejectsAnUnresolvedDestination() {
    Bearer bearer = attach();

    assertThatThrownBy(() -> bearer.relayTo(InetSocketAddress.createUnresolved("aas.m2m.local", 5684)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolved");
  }
}
