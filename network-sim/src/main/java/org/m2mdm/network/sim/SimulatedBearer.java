package org.m2mdm.network.sim;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SmsMessage;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bearer of the simulated network: its relays consult the subscription's filter on every datagram. */
final class SimulatedBearer implements Bearer, UdpRelay.Gate {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedBearer.class);

  private final Imsi imsi;
  private final Operator operator;
  private final UdpRelay relay;
  private final Map<InetSocketAddress, UdpRelay.Port> ports = new ConcurrentHashMap<>();
  private final LongAdder dropped = new LongAdder();
  private final CloseListeners closeListeners;
  private final AtomicBoolean open = new AtomicBoolean(true);
  private volatile DestinationFilter filter;
  private volatile Consumer<SmsMessage> smsListener;

  SimulatedBearer(Imsi imsi, Operator operator, UdpRelay relay, DestinationFilter filter) {
    this.imsi = imsi;
    this.operator = operator;
    this.relay = relay;
    this.filter = filter;
    this.closeListeners = new CloseListeners(imsi, LOG);
  }

  @Override
  public Imsi imsi() {
    return imsi;
  }

  @Override
  public Plmn plmn() {
    return operator.plmn();
  }

  @Override
  public InetSocketAddress relayTo(InetSocketAddress destination) {
    DestinationFilter.only(destination); // validates: resolved, with a port
    requireOpen();
    UdpRelay.Port port = ports.computeIfAbsent(destination, d -> relay.open(d, this));
    if (!open.get()) {
      port.close(); // lost a race with close()
      requireOpen();
    }
    return port.localAddress();
  }

  @Override
  public Optional<InetSocketAddress> resolve(String hostName) {
    requireOpen();
    return operator.dns().resolve(hostName);
  }

  @Override
  public long droppedDatagrams() {
    return dropped.sum();
  }

  @Override
  public void onSms(Consumer<SmsMessage> listener) {
    this.smsListener = listener;
    if (listener != null && open.get()) {
      operator.smsCentre().listenerReady(imsi);
    }
  }

  /** The listener to deliver to, or null when closed or nobody listens. */
  Consumer<SmsMessage> smsListener() {
    return open.get() ? smsListener : null;
  }

  @Override
  public void onClose(Runnable listener) {
    closeListeners.add(listener, open::get);
  }

  @Override
  public boolean isOpen() {
    return open.get();
  }

  @Override
  public void close() {
    if (!open.compareAndSet(true, false)) {
      return;
    }
    ports.values().forEach(UdpRelay.Port::close);
    ports.clear();
    operator.bearerClosed(this);
    closeListeners.fire();
  }

  void updateFilter(DestinationFilter newFilter) {
    this.filter = newFilter;
  }

  DestinationFilter filter() {
    return filter;
  }

  @Override
  public boolean permits(InetSocketAddress destination) {
    return open.get() && filter.permits(destination);
  }

  @Override
  public void dropped() {
    dropped.increment();
  }

  private void requireOpen() {
    if (!open.get()) {
      throw new IllegalStateException("bearer of " + imsi + " on " + plmn() + " is closed");
    }
  }

  @Override
  public String toString() {
    return "SimulatedBearer[imsi=" + imsi + ", plmn=" + plmn() + (open.get() ? ", open" : ", closed") + "]";
  }
}
