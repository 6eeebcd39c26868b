package org.m2mdm.network;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Consumer;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;

/**
 * An attached terminal's data connection. All user-plane traffic goes through UDP relays on 127.0.0.1
 * that enforce the subscription's destination filter as it is at the moment each datagram is sent.
 * The network closes the bearer when the subscription is barred, deactivated or deleted.
 */
public interface Bearer extends AutoCloseable {

  /** The IMSI the terminal attached with. */
  Imsi imsi();

  /** The network the bearer belongs to. */
  Plmn plmn();

  /**
   * A local UDP address (127.0.0.1) that forwards each datagram to {@code destination} if the
   * subscription's current filter permits it, otherwise drops and counts it. Replies from the
   * destination go back to the address that last sent through the relay. Same destination, same relay.
   *
   * @throws IllegalStateException if the bearer is closed
   * @throws IllegalArgumentException if the destination is unresolved or has no port
   */
  InetSocketAddress relayTo(InetSocketAddress destination);

  /** Looks {@code hostName} up in the attached network's DNS (name to 127.0.0.1:port, SRV-like). */
  Optional<InetSocketAddress> resolve(String hostName);

  /** Datagrams (both directions) dropped by the destination filter so far. */
  long droppedDatagrams();

  /**
   * Receives SMS for this IMSI while attached. The listener returning normally acknowledges the
   * message; throwing leaves it to be retransmitted. A new listener replaces the previous one.
   */
  void onSms(Consumer<SmsMessage> listener);

  /** Called once when the bearer closes, by either side (e.g. the operator barred the subscription). */
  void onClose(Runnable listener);

  boolean isOpen();

  /** Detaches: closes the relays and stops SMS delivery to this bearer. Idempotent. */
  @Override
  void close();
}
