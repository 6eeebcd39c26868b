package org.m2mdm.network.sim;

import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.NetworkInfo;
import org.m2mdm.network.RejectCause;
import org.m2mdm.network.SmsMessage;
import org.m2mdm.network.SmsStatus;
import org.m2mdm.network.SmsSubmission;
import org.m2mdm.network.SubscriberProvisioning;
import org.m2mdm.network.SubscriberView;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.Sqn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.aka.AkaException;
import org.m2mdm.usim.aka.AkaResponder;
import org.m2mdm.usim.aka.AkaResponse;
import org.m2mdm.usim.aka.AuthenticationCentre;
import org.m2mdm.usim.aka.AuthenticationVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated operator: PLMN id and name, AuC/HSS, DNS, SMS centre and the bearers of its attached
 * terminals. It is the {@link SubscriberProvisioning} of that network; terminals reach it through
 * {@link SimulatedNetwork#attach}.
 */
public final class Operator implements SubscriberProvisioning {

  private static final Logger LOG = LoggerFactory.getLogger(Operator.class);

  private final NetworkInfo info;
  private final Hss hss;
  private final LocalDns dns;
  private final AuthenticationCentre auc;
  private final UdpRelay relay;
  private final SmsCentre smsCentre;
  /** Open bearers by IMSI digits; guarded by {@code this} for registration against state changes. */
  private final Map<String, SimulatedBearer> bearers = new ConcurrentHashMap<>();
  private volatile boolean visible = true;

  Operator(NetworkInfo info, Hss hss, LocalDns dns, AuthenticationCentre auc, UdpRelay relay,
      SmsCentreFactory smsCentres) {
    this.info = info;
    this.hss = hss;
    this.dns = dns;
    this.auc = auc;
    this.relay = relay;
    this.smsCentre = smsCentres.create(this::smsListenerFor);
  }

  /** Builds the SMS centre once the operator can route to its bearers. */
  interface SmsCentreFactory {
    SmsCentre create(Function<String, Consumer<SmsMessage>> listeners);
  }

  public NetworkInfo info() {
    return info;
  }

  @Override
  public Plmn plmn() {
    return info.plmn();
  }

  public String name() {
    return info.name();
  }

  LocalDns dns() {
    return dns;
  }

  SmsCentre smsCentre() {
    return smsCentre;
  }

  boolean isVisible() {
    return visible;
  }

  void setVisible(boolean visible) {
    this.visible = visible;
    if (!visible) {
      closeAllBearers();
    }
  }

  // ---------------------------------------------------------------- access side

  AttachResult attach(Imsi imsi, AkaResponder usim) {
    Optional<SubscriberRecord> found = hss.find(imsi);
    if (found.isEmpty()) {
      return reject(imsi, RejectCause.UNKNOWN_IMSI, "IMSI " + imsi + " is unknown in the HSS of " + plmn());
    }
    if (found.get().state() != SubscriptionState.ACTIVE) {
      return reject(imsi, RejectCause.NOT_ALLOWED, "subscription of " + imsi + " is " + found.get().state());
    }
    try {
      Challenge challenge = challenge(imsi);
      AkaResponse response = ask(usim, challenge);
      if (response instanceof AkaResponse.SyncFailure sync) {
        SubscriberRecord record = challenge.record;
        Sqn sqnMs;
        try {
          sqnMs = auc.resynchronise(record.credentials().k(), record.credentials().opc(), challenge.vector.rand(),
              sync.auts());
        } catch (AkaException e) {
          return reject(imsi, RejectCause.AUTHENTICATION_FAILURE, "synchronisation failure with an invalid AUTS");
        }
        LOG.debug("{}: resynchronised {} from AUTS to {}", plmn(), imsi, sqnMs);
        hss.update(imsi, r -> r.withSqn(sqnMs));
        challenge = challenge(imsi);
        response = ask(usim, challenge);
        if (response instanceof AkaResponse.SyncFailure) {
          return reject(imsi, RejectCause.SYNC_FAILURE, "USIM still reports a synchronisation failure after resync");
        }
      }
      if (response instanceof AkaResponse.MacFailure) {
        return reject(imsi, RejectCause.AUTHENTICATION_FAILURE, "USIM could not authenticate the network (MAC failure)");
      }
      if (response == null) {
        return reject(imsi, RejectCause.AUTHENTICATION_FAILURE, "terminal gave no authentication response");
      }
      AkaResponse.Success success = (AkaResponse.Success) response;
      if (!MessageDigest.isEqual(success.res(), challenge.vector.xres())) {
        return reject(imsi, RejectCause.AUTHENTICATION_FAILURE, "RES does not match XRES");
      }
      return openBearer(imsi);
    } catch (NoSuchElementException e) {
      return reject(imsi, RejectCause.UNKNOWN_IMSI, "subscription of " + imsi + " was deleted during attach");
    } catch (TerminalFault e) {
      return reject(imsi, RejectCause.AUTHENTICATION_FAILURE, "terminal failed to answer the challenge: " + e.getMessage());
    }
  }

  private record Challenge(SubscriberRecord record, AuthenticationVector vector) {}

  /** Advances SQN_HE (persisted before the vector leaves the AuC) and makes a fresh vector. */
  private Challenge challenge(Imsi imsi) {
    SubscriberRecord record = hss.update(imsi, r -> r.withSqn(AuthenticationCentre.nextSqn(r.sqn())));
    UsimCredentials c = record.credentials();
    return new Challenge(record, auc.generate(c.k(), c.opc(), record.sqn(), c.amf()));
  }

  private static AkaResponse ask(AkaResponder usim, Challenge challenge) {
    try {
      return usim.respond(challenge.vector.rand(), challenge.vector.autn());
    } catch (RuntimeException e) {
      throw new TerminalFault(e.getClass().getSimpleName());
    }
  }

  /** The terminal's AKA responder threw instead of answering. */
  private static final class TerminalFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TerminalFault(String message) {
      super(message, null, false, false);
    }
  }

  private AttachResult openBearer(Imsi imsi) {
    SimulatedBearer[] replaced = new SimulatedBearer[1];
    AttachResult result = registerBearer(imsi, replaced);
    if (replaced[0] != null) {
      replaced[0].close(); // outside the lock: close listeners may call back into the network
    }
    return result;
  }

  private synchronized AttachResult registerBearer(Imsi imsi, SimulatedBearer[] replaced) {
    Optional<SubscriberRecord> now = hss.find(imsi);
    if (now.isEmpty()) {
      return reject(imsi, RejectCause.UNKNOWN_IMSI, "subscription of " + imsi + " was deleted during attach");
    }
    if (now.get().state() != SubscriptionState.ACTIVE) {
      return reject(imsi, RejectCause.NOT_ALLOWED, "subscription of " + imsi + " became " + now.get().state());
    }
    if (!visible) {
      return reject(imsi, RejectCause.NETWORK_NOT_FOUND, plmn() + " went out of coverage during attach");
    }
    SimulatedBearer bearer = new SimulatedBearer(imsi, this, relay, now.get().filter());
    replaced[0] = bearers.put(imsi.digits(), bearer);
    LOG.debug("{}: {} attached", plmn(), imsi);
    return new AttachResult.Attached(bearer);
  }

  private AttachResult reject(Imsi imsi, RejectCause cause, String detail) {
    LOG.debug("{}: attach of {} rejected: {} ({})", plmn(), imsi, cause, detail);
    return new AttachResult.Rejected(cause, detail);
  }

  /** Called by a bearer when it closes, from whichever side. */
  void bearerClosed(SimulatedBearer bearer) {
    bearers.remove(bearer.imsi().digits(), bearer);
  }

  private Consumer<SmsMessage> smsListenerFor(String imsiDigits) {
    SimulatedBearer bearer = bearers.get(imsiDigits);
    return bearer == null ? null : bearer.smsListener();
  }

  private void closeBearer(Imsi imsi) {
    SimulatedBearer bearer;
    synchronized (this) {
      bearer = bearers.remove(imsi.digits());
    }
    if (bearer != null) {
      bearer.close();
    }
  }

  void closeAllBearers() {
    List<SimulatedBearer> all;
    synchronized (this) {
      all = new ArrayList<>(bearers.values());
      bearers.clear();
    }
    all.forEach(SimulatedBearer::close);
  }

  // ---------------------------------------------------------------- operator side

  @Override
  public void createSubscription(UsimCredentials credentials, SubscriptionState state, DestinationFilter filter) {
    if (credentials == null || state == null || filter == null) {
      throw new IllegalArgumentException("credentials, state and filter must not be null");
    }
    hss.add(new SubscriberRecord(credentials, state, filter, Sqn.of(0)));
    LOG.debug("{}: subscription {} created ({})", plmn(), credentials.imsi(), state);
  }

  @Override
  public void activate(Imsi imsi) {
    hss.update(requireImsi(imsi), r -> r.withState(SubscriptionState.ACTIVE));
  }

  @Override
  public void deactivate(Imsi imsi) {
    changeStateAndDetach(imsi, SubscriptionState.INACTIVE);
  }

  @Override
  public void bar(Imsi imsi) {
    changeStateAndDetach(imsi, SubscriptionState.BARRED);
  }

  private void changeStateAndDetach(Imsi imsi, SubscriptionState state) {
    hss.update(requireImsi(imsi), r -> r.withState(state));
    closeBearer(imsi);
  }

  @Override
  public void delete(Imsi imsi) {
    hss.remove(requireImsi(imsi));
    closeBearer(imsi);
  }

  @Override
  public void setFilter(Imsi imsi, DestinationFilter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    synchronized (this) {
      hss.update(requireImsi(imsi), r -> r.withFilter(filter));
      SimulatedBearer bearer = bearers.get(imsi.digits());
      if (bearer != null) {
        bearer.updateFilter(filter);
      }
    }
  }

  @Override
  public Optional<SubscriberView> find(Imsi imsi) {
    return hss.find(requireImsi(imsi)).map(SubscriberRecord::view);
  }

  @Override
  public List<SubscriberView> subscribers() {
    return hss.all().stream().map(SubscriberRecord::view).toList();
  }

  @Override
  public boolean isAttached(Imsi imsi) {
    SimulatedBearer bearer = bearers.get(requireImsi(imsi).digits());
    return bearer != null && bearer.isOpen();
  }

  @Override
  public void putDnsRecord(String name, InetSocketAddress address) {
    dns.put(name, address);
  }

  @Override
  public boolean removeDnsRecord(String name) {
    return dns.remove(name);
  }

  /** This network's DNS records, by name. */
  public Map<String, InetSocketAddress> dnsRecords() {
    return dns.records();
  }

  @Override
  public SmsSubmission sendSms(Imsi to, byte[] payload, Duration validity) {
    if (hss.find(requireImsi(to)).isEmpty()) {
      throw new NoSuchElementException("no subscription for IMSI " + to + " in " + plmn() + " to send an SMS to");
    }
    return smsCentre.submit(to, payload, validity);
  }

  @Override
  public SmsStatus smsStatus(String id) {
    return smsCentre.status(id);
  }

  private static Imsi requireImsi(Imsi imsi) {
    if (imsi == null) {
      throw new IllegalArgumentException("IMSI must not be null");
    }
    return imsi;
  }

  @Override
  public String toString() {
    return "Operator[" + info.plmn() + " " + info.name() + ", " + hss.size() + " subscribers]";
  }

}
