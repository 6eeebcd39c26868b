package org.m2mdm.network.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.m2mdm.network.sim.Subscribers.HOME;
import static org.m2mdm.network.sim.Subscribers.OTHER;
import static org.m2mdm.network.sim.Subscribers.credentials;
import static org.m2mdm.network.sim.Subscribers.eventually;
import static org.m2mdm.network.sim.Subscribers.usim;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.NetworkInfo;
import org.m2mdm.network.RejectCause;
import org.m2mdm.network.SmsMessage;
import org.m2mdm.network.SmsSubmission;
import org.m2mdm.network.SubscriberProvisioning;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.aka.SqnState;
import org.m2mdm.usim.aka.UsimAuthenticator;

/** A terminal using the network through the TCP adapter, as it would from another process. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RemoteAccessNetworkTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private SimulatedNetwork network;
  private SubscriberProvisioning home;
  private AccessNetworkServer server;
  private RemoteAccessNetwork remote;
  private UdpEchoServer echo;
  private UsimCredentials c;

  @BeforeEach
  void setUp() throws Exception {
    network = SimulatedNetwork.builder().operator(HOME, "Home").operator(OTHER, "Other")
        .smsRetryInterval(Duration.ofMillis(50)).build();
    home = network.provisioning(HOME);
    server = new AccessNetworkServer(network, 0);
    remote = new RemoteAccessNetwork(server.address());
    echo = new UdpEchoServer();
    c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.only(echo.address()));
  }

  @AfterEach
  void tearDown() throws Exception {
    remote.close();
    server.close();
    network.close();
    echo.close();
  }

  private Bearer attach(UsimAuthenticator usim) {
    AttachResult result = remote.attach(HOME, c.imsi(), usim);
    assertThat(result).isInstanceOf(AttachResult.Attached.class);
    return ((AttachResult.Attached) result).bearer();
  }

  @Test
  void listsTheVisibleNetworks() {
    assertThat(remote.visibleNetworks())
        .containsExactly(new NetworkInfo(HOME, "Home"), new NetworkInfo(OTHER, "Other"));
  }

  @Test
  void attachesWithTheRemoteTerminalsUsimAndRelaysUdp() throws Exception {
    UsimAuthenticator usim = usim(c);
    Bearer bearer = attach(usim);
    home.putDnsRecord("aas.m2m.local", echo.address());

    assertThat(bearer.imsi()).isEqualTo(c.imsi());
    assertThat(SqnState.seqOf(usim.state().highest())).isEqualTo(1);
    assertThat(home.isAttached(c.imsi())).isTrue();
    assertThat(bearer.resolve("aas.m2m.local")).contains(echo.address());
    assertThat(bearer.resolve("nowhere.m2m.local")).isEmpty();

    InetSocketAddress relay = bearer.relayTo(bearer.resolve("aas.m2m.local").orElseThrow());
    try (DatagramSocket terminal = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      terminal.setSoTimeout(2_000);
      byte[] hello = "hello".getBytes(UTF_8);
      terminal.send(new DatagramPacket(hello, hello.length, relay));
      DatagramPacket reply = new DatagramPacket(new byte[64], 64);
      terminal.receive(reply);
      assertThat(new String(reply.getData(), 0, reply.getLength(), UTF_8)).isEqualTo("hello");

      try (UdpEchoServer blocked = new UdpEchoServer()) {
        InetSocketAddress blockedRelay = bearer.relayTo(blocked.address());
        terminal.send(new DatagramPacket(hello, hello.length, blockedRelay));
        assertThat(eventually(() -> bearer.droppedDatagrams() == 1, WAIT)).isTrue();
      }
    }
  }

  @Test
  void reportsRejectCausesRemotely() {
    UsimCredentials stranger = credentials(HOME);
    UsimAuthenticator wrongK = new UsimAuthenticator(stranger.k(), c.opc(), SqnState.initial());

    assertThat(remote.attach(HOME, c.imsi(), wrongK)).isInstanceOfSatisfying(AttachResult.Rejected.class,
        r -> assertThat(r.cause()).isEqualTo(RejectCause.AUTHENTICATION_FAILURE));
    assertThat(remote.attach(HOME, stranger.imsi(), usim(stranger))).isInstanceOfSatisfying(AttachResult.Rejected.class,
        r -> assertThat(r.cause()).isEqualTo(RejectCause.UNKNOWN_IMSI));
    assertThat(remote.attach(org.m2mdm.usim.Plmn.of("999", "99"), c.imsi(), usim(c)))
        .isInstanceOfSatisfying(AttachResult.Rejected.class,
            r -> assertThat(r.cause()).isEqualTo(RejectCause.NETWORK_NOT_FOUND));
  }

  @Test
  void resynchronisesARemoteUsimThatIsAhead() {
    AtomicInteger challenges = new AtomicInteger();
    UsimAuthenticator usim = usim(c, SqnState.initial().accept(SqnState.sqnOf(100, 1)));

    AttachResult result = remote.attach(HOME, c.imsi(), (rand, autn) -> {
      challenges.incrementAndGet();
      return usim.respond(rand, autn);
    });

    assertThat(result.isAttached()).isTrue();
    assertThat(challenges).hasValue(2);
  }

  @Test
  void pushesSmsAndRetriesWhenTheRemoteListenerRefuses() throws Exception {
    SmsSubmission sms = home.sendSms(c.imsi(), "trigger".getBytes(UTF_8), Duration.ofMinutes(1));
    List<SmsMessage> received = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    Bearer bearer = attach(usim(c));

    bearer.onSms(m -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("busy");
      }
      received.add(m);
    });

    assertThat(eventually(() -> home.smsStatus(sms.id()).isDelivered(), WAIT)).isTrue();
    assertThat(home.smsStatus(sms.id()).attempts()).isEqualTo(2);
    assertThat(received).singleElement().satisfies(m -> {
      assertThat(m.id()).isEqualTo(sms.id());
      assertThat(m.payload()).isEqualTo("trigger".getBytes(UTF_8));
    });
  }

  @Test
  void tellsTheRemoteTerminalWhenItsBearerIsClosedByBarring() throws Exception {
    Bearer bearer = attach(usim(c));
    AtomicInteger closed = new AtomicInteger();
    bearer.onClose(closed::incrementAndGet);

    home.bar(c.imsi());

    assertThat(eventually(() -> !bearer.isOpen() && closed.get() == 1, WAIT)).isTrue();
    assertThatThrownBy(() -> bearer.relayTo(echo.address())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingTheRemoteBearerDetachesOnTheServer() throws Exception {
    Bearer bearer = attach(usim(c));

    bearer.close();

    assertThat(bearer.isOpen()).isFalse();
    assertThat(home.isAttached(c.imsi())).isFalse();
  }

  @Test
  void aLostConnectionClosesBearersOnBothSides() throws Exception {
    Bearer bearer = attach(usim(c));

    remote.close();

    assertThat(bearer.isOpen()).isFalse();
    assertThat(eventually(() -> !home.isAttached(c.imsi()), WAIT)).isTrue();
    assertThatThrownBy(remote::visibleNetworks).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reportsServerSideErrorsAsExceptions() {
    Bearer bearer = attach(usim(c));

    assertThatThrownBy(() -> bearer.relayTo(InetSocketAddress.createUnresolved("aas", 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bearer.resolve("bad_name")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> remote.attach(HOME, c.imsi(), null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dropsAClientThatSendsGarbageAndKeepsServingOthers() throws Exception {
    try (java.net.Socket rogue = new java.net.Socket(server.address().getAddress(), server.address().getPort())) {
      rogue.setSoTimeout(5_000);
      java.io.DataOutputStream out = new java.io.DataOutputStream(rogue.getOutputStream());
      out.writeInt(Integer.MAX_VALUE); // a frame length far beyond the limit
      out.flush();
      assertThat(rogue.getInputStream().read()).isEqualTo(-1); // the server hung up
    }

    assertThat(remote.visibleNetworks()).hasSize(2);
  }
}
