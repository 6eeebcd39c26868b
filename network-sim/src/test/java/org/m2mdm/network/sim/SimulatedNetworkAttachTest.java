package org.m2mdm.network.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.m2mdm.network.sim.Subscribers.HOME;
import static org.m2mdm.network.sim.Subscribers.OTHER;
import static org.m2mdm.network.sim.Subscribers.credentials;
import static org.m2mdm.network.sim.Subscribers.usim;

import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.NetworkInfo;
import org.m2mdm.network.RejectCause;
import org.m2mdm.network.SubscriberProvisioning;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.aka.AkaResponder;
import org.m2mdm.usim.aka.AkaResponse;
import org.m2mdm.usim.aka.SqnState;
import org.m2mdm.usim.aka.UsimAuthenticator;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SimulatedNetworkAttachTest {

  private final SimulatedNetwork network = SimulatedNetwork.builder()
      .operator(HOME, "Home Mobile")
      .operator(OTHER, "Other Mobile")
      .build();
  private final SubscriberProvisioning home = network.provisioning(HOME);

  @AfterEach
  void close() {
    network.close();
  }

  @Test
  void listsConfiguredOperatorsAsVisibleNetworks() {
    assertThat(network.visibleNetworks())
        .containsExactly(new NetworkInfo(HOME, "Home Mobile"), new NetworkInfo(OTHER, "Other Mobile"));
  }

  @Test
  void attachesWithRealAkaAndGivesABearer() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    UsimAuthenticator usim = usim(c);

    AttachResult result = network.attach(HOME, c.imsi(), usim);

    assertThat(result).isInstanceOf(AttachResult.Attached.class);
    Bearer bearer = ((AttachResult.Attached) result).bearer();
    assertThat(bearer.imsi()).isEqualTo(c.imsi());
    assertThat(bearer.plmn()).isEqualTo(HOME);
    assertThat(bearer.isOpen()).isTrue();
    assertThat(home.isAttached(c.imsi())).isTrue();
    // The USIM accepted exactly the first SQN of the AuC's scheme: SEQ 1.
    assertThat(SqnState.seqOf(usim.state().highest())).isEqualTo(1);
  }

  @Test
  void eachAttachUsesAFreshSequenceNumber() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    UsimAuthenticator usim = usim(c);
    for (int i = 0; i < 3; i++) {
      assertThat(network.attach(HOME, c.imsi(), usim).isAttached()).isTrue();
    }
    assertThat(SqnState.seqOf(usim.state().highest())).isEqualTo(3);
  }

  @Test
  void rejectsUsimWithWrongKAsAuthenticationFailure() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    UsimCredentials impostor = credentials(HOME);
    UsimAuthenticator wrongK = new UsimAuthenticator(impostor.k(), c.opc(), SqnState.initial());

    AttachResult result = network.attach(HOME, c.imsi(), wrongK);

    assertThat(result).isInstanceOfSatisfying(AttachResult.Rejected.class,
        r -> assertThat(r.cause()).isEqualTo(RejectCause.AUTHENTICATION_FAILURE));
    assertThat(home.isAttached(c.imsi())).isFalse();
  }

  @Test
  void rejectsResThatDoesNotMatchXres() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    UsimAuthenticator real = usim(c);
    AkaResponder forger = (rand, autn) -> {
      AkaResponse.Success ok = (AkaResponse.Success) real.respond(rand, autn);
      byte[] res = ok.res();
      res[0] ^= 1;
      return new AkaResponse.Success(res, ok.ck(), ok.ik());
    };

    AttachResult result = network.attach(HOME, c.imsi(), forger);

    assertThat(result).isInstanceOfSatisfying(AttachResult.Rejected.class, r -> {
      assertThat(r.cause()).isEqualTo(RejectCause.AUTHENTICATION_FAILURE);
      assertThat(r.detail()).contains("XRES");
    });
  }

  @Test
  void rejectsATerminalWhoseResponderThrows() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());

    AttachResult result = network.attach(HOME, c.imsi(), (rand, autn) -> {
      throw new IllegalStateException("card removed");
    });

    assertThat(result).isInstanceOfSatisfying(AttachResult.Rejected.class,
        r -> assertThat(r.cause()).isEqualTo(RejectCause.AUTHENTICATION_FAILURE));
  }

  @Test
  void rejectsUnknownImsi() {
    UsimCredentials c = credentials(HOME);

    AttachResult result = network.attach(HOME, c.imsi(), usim(c));

    assertThat(result).isInstanceOfSatisfying(AttachResult.Rejected.class,
        r -> assertThat(r.cause()).isEqualTo(RejectCause.UNKNOWN_IMSI));
  }

  @Test
  void rejectsSubscriptionKnownOnlyToAnotherOperator() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());

    assertThat(network.attach(OTHER, c.imsi(), usim(c))).isInstanceOfSatisfying(AttachResult.Rejected.class,
        r -> assertThat(r.cause()).isEqualTo(RejectCause.UNKNOWN_IMSI));
  }

  @Test
  void rejectsInactiveAndBarredSubscriptionsAsNotAllowed() {
    UsimCredentials inactive = credentials(HOME);
    UsimCredentials barred = credentials(HOME);
    home.createSubscription(inactive, SubscriptionState.INACTIVE, DestinationFilter.allowAll());
    home.createSubscription(barred, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    home.bar(barred.imsi());

    assertThat(network.attach(HOME, inactive.imsi(), usim(inactive)))
        .isInstanceOfSatisfying(AttachResult.Rejected.class, r -> assertThat(r.cause()).isEqualTo(RejectCause.NOT_ALLOWED));
    assertThat(network.attach(HOME, barred.imsi(), usim(barred)))
        .isInstanceOfSatisfying(AttachResult.Rejected.class, r -> assertThat(r.cause()).isEqualTo(RejectCause.NOT_ALLOWED));

    home.activate(inactive.imsi());
    assertThat(network.attach(HOME, inactive.imsi(), usim(inactive)).isAttached()).isTrue();
  }

  @Test
  void rejectsAttachToAPlmnThatIsNotVisible() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());

    assertThat(network.attach(Plmn.of("999", "99"), c.imsi(), usim(c)))
        .isInstanceOfSatisfying(AttachResult.Rejected.class,
            r -> assertThat(r.cause()).isEqualTo(RejectCause.NETWORK_NOT_FOUND));

    network.setCoverage(HOME, false);
    assertThat(network.visibleNetworks()).extracting(NetworkInfo::plmn).containsExactly(OTHER);
    assertThat(network.attach(HOME, c.imsi(), usim(c)))
        .isInstanceOfSatisfying(AttachResult.Rejected.class,
            r -> assertThat(r.cause()).isEqualTo(RejectCause.NETWORK_NOT_FOUND));
  }

  @Test
  void losingCoverageClosesBearers() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    Bearer bearer = ((AttachResult.Attached) network.attach(HOME, c.imsi(), usim(c))).bearer();

    network.setCoverage(HOME, false);

    assertThat(bearer.isOpen()).isFalse();
  }

  @Test
  void resynchronisesWhenTheUsimIsAheadOfTheHss() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    // The USIM has already accepted SEQ 100 in slot 1, where the HSS's first vector (SEQ 1) lands.
    UsimAuthenticator usim = usim(c, SqnState.initial().accept(SqnState.sqnOf(100, 1)));
    AtomicInteger challenges = new AtomicInteger();
    AkaResponder counting = (rand, autn) -> {
      challenges.incrementAndGet();
      return usim.respond(rand, autn);
    };

    AttachResult result = network.attach(HOME, c.imsi(), counting);

    assertThat(result.isAttached()).isTrue();
    assertThat(challenges).hasValue(2);
    assertThat(SqnState.seqOf(usim.state().highest())).isEqualTo(101);
    // The HSS stored the resynchronised SQN: the next attach needs one challenge only.
    challenges.set(0);
    assertThat(network.attach(HOME, c.imsi(), counting).isAttached()).isTrue();
    assertThat(challenges).hasValue(1);
  }

  @Test
  void rejectsWithSyncFailureWhenTheUsimRefusesTheResynchronisedVectorToo() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    // Two USIM states far ahead in the slots the first and the resynchronised vector land in.
    List<UsimAuthenticator> answers = List.of(
        usim(c, SqnState.initial().accept(SqnState.sqnOf(100, 1))),
        usim(c, SqnState.initial().accept(SqnState.sqnOf(100, 1)).accept(SqnState.sqnOf(500, 2))));
    AtomicInteger call = new AtomicInteger();
    AkaResponder stubborn = (rand, autn) -> answers.get(Math.min(call.getAndIncrement(), 1)).respond(rand, autn);

    assertThat(network.attach(HOME, c.imsi(), stubborn)).isInstanceOfSatisfying(AttachResult.Rejected.class,
        r -> assertThat(r.cause()).isEqualTo(RejectCause.SYNC_FAILURE));
    assertThat(call).hasValue(2);
  }

  @Test
  void rejectsSyncFailureWithForgedAuts() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());

    AttachResult result = network.attach(HOME, c.imsi(), (rand, autn) -> new AkaResponse.SyncFailure(new byte[14]));

    assertThat(result).isInstanceOfSatisfying(AttachResult.Rejected.class,
        r -> assertThat(r.cause()).isEqualTo(RejectCause.AUTHENTICATION_FAILURE));
  }

  @Test
  void attachingAgainReplacesThePreviousBearer() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    UsimAuthenticator usim = usim(c);
    Bearer first = ((AttachResult.Attached) network.attach(HOME, c.imsi(), usim)).bearer();

    Bearer second = ((AttachResult.Attached) network.attach(HOME, c.imsi(), usim)).bearer();

    assertThat(first.isOpen()).isFalse();
    assertThat(second.isOpen()).isTrue();
    assertThat(home.isAttached(c.imsi())).isTrue();
  }

  @Test
  void barringClosesTheBearerAndTellsTheTerminal() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    Bearer bearer = ((AttachResult.Attached) network.attach(HOME, c.imsi(), usim(c))).bearer();
    AtomicInteger closed = new AtomicInteger();
    bearer.onClose(closed::incrementAndGet);

    home.bar(c.imsi());

    assertThat(bearer.isOpen()).isFalse();
    assertThat(closed).hasValue(1);
    assertThat(home.find(c.imsi()).orElseThrow().state()).isEqualTo(SubscriptionState.BARRED);
    assertThatThrownBy(() -> bearer.relayTo(new java.net.InetSocketAddress("127.0.0.1", 5683)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void deletingClosesTheBearerAndForgetsTheSubscriber() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    Bearer bearer = ((AttachResult.Attached) network.attach(HOME, c.imsi(), usim(c))).bearer();

    home.delete(c.imsi());

    assertThat(bearer.isOpen()).isFalse();
    assertThat(home.find(c.imsi())).isEmpty();
    assertThat(network.attach(HOME, c.imsi(), usim(c))).isInstanceOfSatisfying(AttachResult.Rejected.class,
        r -> assertThat(r.cause()).isEqualTo(RejectCause.UNKNOWN_IMSI));
  }

  @Test
  void refusesDuplicateImsiAndKeepsTheOriginal() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    UsimCredentials sameImsi = new UsimCredentials(c.imsi(), c.iccid(), credentials(HOME).k(), c.opc(),
        c.algorithm(), c.amf());

    assertThatThrownBy(() -> home.createSubscription(sameImsi, SubscriptionState.INACTIVE, DestinationFilter.only()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(c.imsi().digits());
    assertThat(home.find(c.imsi()).orElseThrow().state()).isEqualTo(SubscriptionState.ACTIVE);
    assertThat(network.attach(HOME, c.imsi(), usim(c)).isAttached()).isTrue();
  }

  @Test
  void explainsBadProvisioningInput() {
    Imsi nobody = credentials(HOME).imsi();
    assertThatThrownBy(() -> network.provisioning(Plmn.of("999", "99")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown PLMN 999-99");
    assertThatThrownBy(() -> home.activate(nobody))
        .isInstanceOf(NoSuchElementException.class).hasMessageContaining(nobody.digits());
    assertThatThrownBy(() -> home.bar(nobody)).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> home.delete(nobody)).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> home.setFilter(nobody, DestinationFilter.allowAll()))
        .isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> home.createSubscription(null, SubscriptionState.ACTIVE, DestinationFilter.allowAll()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatedNetwork.builder().operator(HOME, "a").operator(HOME, "b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> SimulatedNetwork.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThat(home.subscribers()).isEmpty();
  }

  @Test
  void neverShowsKOrOpc() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    String k = HexFormat.of().formatHex(c.k().bytes());
    String opc = HexFormat.of().formatHex(c.opc().bytes());

    String shown = home.find(c.imsi()).orElseThrow() + " " + home.subscribers() + " " + home
        + " " + new SubscriberRecord(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll(), org.m2mdm.usim.Sqn.of(0));

    assertThat(shown.toLowerCase()).doesNotContain(k).doesNotContain(opc);
  }

  @Test
  void closingTheNetworkClosesBearersAndRefusesFurtherAttach() {
    UsimCredentials c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
    Bearer bearer = ((AttachResult.Attached) network.attach(HOME, c.imsi(), usim(c))).bearer();

    network.close();

    assertThat(bearer.isOpen()).isFalse();
    assertThatThrownBy(() -> network.attach(HOME, c.imsi(), usim(c))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
