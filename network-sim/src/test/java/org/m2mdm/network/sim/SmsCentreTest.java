package org.m2mdm.network.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.m2mdm.network.sim.Subscribers.HOME;
import static org.m2mdm.network.sim.Subscribers.credentials;
import static org.m2mdm.network.sim.Subscribers.eventually;
import static org.m2mdm.network.sim.Subscribers.usim;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
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
import org.m2mdm.network.SmsMessage;
import org.m2mdm.network.SmsState;
import org.m2mdm.network.SmsStatus;
import org.m2mdm.network.SmsSubmission;
import org.m2mdm.network.SubscriberProvisioning;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.UsimCredentials;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmsCentreTest {

  private static final Duration RETRY = Duration.ofMillis(50);
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final byte[] TRIGGER = "coaps://aas.m2m.local:5684".getBytes(UTF_8);

  private SimulatedNetwork network;
  private SubscriberProvisioning home;
  private UsimCredentials c;

  @BeforeEach
  void setUp() {
    network = SimulatedNetwork.builder().operator(HOME, "Home").smsRetryInterval(RETRY).smsMaxAttempts(5).build();
    home = network.provisioning(HOME);
    c = credentials(HOME);
    home.createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
  }

  @AfterEach
  void tearDown() {
    network.close();
  }

  private Bearer attach() {
    return ((AttachResult.Attached) network.attach(HOME, c.imsi(), usim(c))).bearer();
  }

  @Test
  void deliversAnSmsSubmittedBeforeTheTerminalAttaches() throws Exception {
    SmsSubmission sms = home.sendSms(c.imsi(), TRIGGER, Duration.ofMinutes(1));
    Thread.sleep(3 * RETRY.toMillis());
    assertThat(home.smsStatus(sms.id()).state()).isEqualTo(SmsState.PENDING);
    assertThat(home.smsStatus(sms.id()).attempts()).isZero(); // waiting for a bearer costs no attempts

    List<SmsMessage> received = new CopyOnWriteArrayList<>();
    attach().onSms(received::add);

    assertThat(eventually(() -> home.smsStatus(sms.id()).isDelivered(), WAIT)).isTrue();
    assertThat(received).singleElement().satisfies(m -> {
      assertThat(m.id()).isEqualTo(sms.id());
      assertThat(m.to()).isEqualTo(c.imsi());
      assertThat(m.payload()).isEqualTo(TRIGGER);
    });
    assertThat(home.smsStatus(sms.id()).attempts()).isEqualTo(1);
  }

  @Test
  void retransmitsUntilTheTerminalAcknowledges() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    attach().onSms(m -> {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("modem busy");
      }
    });

    SmsSubmission sms = home.sendSms(c.imsi(), TRIGGER, Duration.ofMinutes(1));

    assertThat(eventually(() -> home.smsStatus(sms.id()).isDelivered(), WAIT)).isTrue();
    SmsStatus status = home.smsStatus(sms.id());
    assertThat(status.attempts()).isEqualTo(3);
    Thread.sleep(3 * RETRY.toMillis());
    assertThat(calls).hasValue(3); // nothing after the acknowledgement
  }

  @Test
  void expiresWhenValidityElapsesWithoutAcknowledgement() throws Exception {
    // A generous attempt budget, so validity is what ends it.
    SimulatedNetwork patient = SimulatedNetwork.builder().operator(HOME, "Home").smsRetryInterval(RETRY)
        .smsMaxAttempts(1_000).build();
    try {
      patient.provisioning(HOME).createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
      ((AttachResult.Attached) patient.attach(HOME, c.imsi(), usim(c))).bearer().onSms(m -> {
        throw new IllegalStateException("never acknowledges");
      });

      SmsSubmission sms = patient.provisioning(HOME).sendSms(c.imsi(), TRIGGER, Duration.ofMillis(400));

      assertThat(eventually(() -> patient.provisioning(HOME).smsStatus(sms.id()).state() == SmsState.EXPIRED, WAIT))
          .isTrue();
      SmsStatus status = patient.provisioning(HOME).smsStatus(sms.id());
      assertThat(status.attempts()).isGreaterThanOrEqualTo(2).isLessThan(1_000);
      assertThat(status.expiresAt()).isEqualTo(status.submittedAt().plusMillis(400));
    } finally {
      patient.close();
    }
  }

  @Test
  void expiresWhenTheAttemptsRunOut() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    attach().onSms(m -> {
      calls.incrementAndGet();
      throw new IllegalStateException("never acknowledges");
    });

    SmsSubmission sms = home.sendSms(c.imsi(), TRIGGER, Duration.ofMinutes(1));

    assertThat(eventually(() -> home.smsStatus(sms.id()).state() == SmsState.EXPIRED, WAIT)).isTrue();
    assertThat(home.smsStatus(sms.id()).attempts()).isEqualTo(5);
    assertThat(calls).hasValue(5);
  }

  @Test
  void expiresAnSmsForATerminalThatNeverAttaches() throws Exception {
    SmsSubmission sms = home.sendSms(c.imsi(), TRIGGER, Duration.ofMillis(200));

    assertThat(eventually(() -> home.smsStatus(sms.id()).state() == SmsState.EXPIRED, WAIT)).isTrue();
    assertThat(home.smsStatus(sms.id()).attempts()).isZero();
  }

  @Test
  void refusesBadSubmissions() {
    assertThatThrownBy(() -> home.sendSms(credentials(HOME).imsi(), TRIGGER, Duration.ofMinutes(1)))
        .isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> home.sendSms(c.imsi(), new byte[SmsCentre.MAX_PAYLOAD + 1], Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    assertThatThrownBy(() -> home.sendSms(c.imsi(), TRIGGER, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validity");
    assertThatThrownBy(() -> home.smsStatus("no-such-id")).isInstanceOf(NoSuchElementException.class);
  }
}
