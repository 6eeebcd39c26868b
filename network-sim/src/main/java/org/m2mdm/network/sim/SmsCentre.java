package org.m2mdm.network.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.m2mdm.network.SmsMessage;
import org.m2mdm.network.SmsState;
import org.m2mdm.network.SmsStatus;
import org.m2mdm.network.SmsSubmission;
import org.m2mdm.usim.Imsi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-and-forward SMS centre of one network. A submitted message is offered to the listener of the
 * recipient's open bearer at most once per retry interval; the listener returning normally is the
 * acknowledgement. A message that is not acknowledged within its validity, or within the attempt
 * budget, ends EXPIRED. Messages wait (without using attempts) while the terminal is not attached, and
 * are offered as soon as it attaches and registers a listener.
 */
public final class SmsCentre {

  /** Largest payload accepted: eight concatenated 140-octet segments. */
  public static final int MAX_PAYLOAD = 8 * 140;
  /** How long a finished message's status stays queryable after its validity ends. */
  static final Duration STATUS_RETENTION = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(SmsCentre.class);

  private final ScheduledExecutorService scheduler;
  private final Duration retryInterval;
  private final int maxAttempts;
  private final Clock clock;
  private final Function<String, Consumer<SmsMessage>> listeners;
  private final Map<String, Entry> messages = new ConcurrentHashMap<>();
  private volatile Instant lastPruned = Instant.MIN;

  /**
   * @param scheduler runs delivery attempts (a single thread keeps attempts of one message sequential)
   * @param listeners IMSI digits to the SMS listener of that IMSI's open bearer, or null if none
   */
  public SmsCentre(ScheduledExecutorService scheduler, Duration retryInterval, int maxAttempts, Clock clock,
      Function<String, Consumer<SmsMessage>> listeners) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
    if (retryInterval.isNegative() || retryInterval.isZero()) {
      throw new IllegalArgumentException("SMS retry interval must be positive, got " + retryInterval);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("SMS attempts must be at least 1, got " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listeners = Objects.requireNonNull(listeners, "listeners");
  }

  /** Stores a message for {@code to} and starts delivering it. */
  public SmsSubmission submit(Imsi to, byte[] payload, Duration validity) {
    Objects.requireNonNull(to, "to");
    if (payload == null) {
      throw new IllegalArgumentException("SMS payload must not be null");
    }
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("SMS payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
    }
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("SMS validity must be positive, got " + validity);
    }
    Instant now = clock.instant();
    forgetOldMessages(now);
    Entry entry = new Entry(new SmsMessage(UUID.randomUUID().toString(), to, payload, now), now.plus(validity));
    messages.put(entry.message.id(), entry);
    schedule(entry, Duration.ZERO);
    return new SmsSubmission(entry.message.id());
  }

  /** Current status; throws {@link NoSuchElementException} for an unknown id. */
  public SmsStatus status(String id) {
    Entry entry = id == null ? null : messages.get(id);
    if (entry == null) {
      throw new NoSuchElementException("no SMS with id " + id);
    }
    synchronized (entry) {
      if (entry.state == SmsState.PENDING && !clock.instant().isBefore(entry.expiresAt)) {
        expire(entry, "validity elapsed");
      }
      return new SmsStatus(entry.message.id(), entry.state, entry.attempts, entry.message.submittedAt(),
          entry.expiresAt);
    }
  }

  /**
   * A terminal with this IMSI now listens: offer its pending messages at once unless they were offered
   * less than a retry interval ago.
   */
  public void listenerReady(Imsi imsi) {
    Instant now = clock.instant();
    for (Entry entry : messages.values()) {
      synchronized (entry) {
        if (entry.state == SmsState.PENDING && entry.message.to().digits().equals(imsi.digits())
            && (entry.lastAttempt == null || !now.isBefore(entry.lastAttempt.plus(retryInterval)))) {
          schedule(entry, Duration.ZERO);
        }
      }
    }
  }

  /** Keeps the table bounded: finished messages go once their status has been kept long enough. */
  private void forgetOldMessages(Instant now) {
    Instant last = lastPruned;
    if (messages.size() < 1_000 || now.isBefore(last.plusSeconds(60))) {
      return;
    }
    lastPruned = now;
    messages.values().removeIf(e -> {
      synchronized (e) {
        return e.state != SmsState.PENDING && now.isAfter(e.expiresAt.plus(STATUS_RETENTION));
      }
    });
  }

  private void schedule(Entry entry, Duration delay) {
    synchronized (entry) {
      if (entry.next != null) {
        entry.next.cancel(false);
      }
      try {
        entry.next = scheduler.schedule(() -> attempt(entry), delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        entry.next = null; // the network is shutting down
      }
    }
  }

  private void attempt(Entry entry) {
    Consumer<SmsMessage> listener;
    synchronized (entry) {
      if (entry.state != SmsState.PENDING) {
        return;
      }
      Instant now = clock.instant();
      if (!now.isBefore(entry.expiresAt)) {
        expire(entry, "validity elapsed");
        return;
      }
      listener = listeners.apply(entry.message.to().digits());
      if (listener == null) {
        scheduleRetry(entry, now);
        return;
      }
      entry.attempts++;
      entry.lastAttempt = now;
    }
    boolean acknowledged;
    try {
      listener.accept(entry.message);
      acknowledged = true;
    } catch (RuntimeException e) {
      acknowledged = false;
      LOG.debug("SMS {} to {} not acknowledged (attempt {}): {}", entry.message.id(), entry.message.to(),
          entry.attempts, e.toString());
    }
    synchronized (entry) {
      if (entry.state != SmsState.PENDING) {
        return;
      }
      if (acknowledged) {
        entry.state = SmsState.DELIVERED;
        entry.next = null;
        LOG.debug("SMS {} delivered to {} after {} attempt(s)", entry.message.id(), entry.message.to(), entry.attempts);
      } else if (entry.attempts >= maxAttempts) {
        expire(entry, "no acknowledgement after " + entry.attempts + " attempts");
      } else {
        scheduleRetry(entry, clock.instant());
      }
    }
  }

  /** Next try after one interval, or at expiry if that comes first (so EXPIRED shows on time). */
  private void scheduleRetry(Entry entry, Instant now) {
    Duration untilExpiry = Duration.between(now, entry.expiresAt);
    schedule(entry, untilExpiry.compareTo(retryInterval) < 0 ? untilExpiry : retryInterval);
  }

  private void expire(Entry entry, String why) {
    entry.state = SmsState.EXPIRED;
    if (entry.next != null) {
      entry.next.cancel(false);
      entry.next = null;
    }
    LOG.debug("SMS {} to {} expired: {}", entry.message.id(), entry.message.to(), why);
  }

  private static final class Entry {
    final SmsMessage message;
    final Instant expiresAt;
    SmsState state = SmsState.PENDING;
    int attempts;
    Instant lastAttempt;
    ScheduledFuture<?> next;

    Entry(SmsMessage message, Instant expiresAt) {
      this.message = message;
      this.expiresAt = expiresAt;
    }
  }
}
