package org.m2mdm.network.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user-plane gateway of a simulated network: UDP relay sockets on 127.0.0.1, one per
 * (bearer, destination), all served by a single selector thread with one reused direct buffer.
 *
 * <p>A datagram arriving at a relay socket from anyone but the destination is uplink: its sender is
 * remembered as the terminal and it is forwarded to the destination if the {@link Gate} permits the
 * destination right now. A datagram from the destination is downlink and goes to the remembered
 * terminal address, under the same check. Refused datagrams are dropped and reported to the gate.
 * The destination sees the relay socket as its peer, so replies find their way back.
 */
public final class UdpRelay implements AutoCloseable {

  /** Decides, per datagram, whether a relay may forward; implemented by the bearer. */
  public interface Gate {
    /** Consulted for every datagram, so filter changes apply at once. */
    boolean permits(InetSocketAddress destination);

    /** A datagram was refused. */
    void dropped();
  }

  private static final Logger LOG = LoggerFactory.getLogger(UdpRelay.class);
  private static final int MAX_DATAGRAM = 65_535;
  /** Datagrams handled per ready socket before looking at the others, so one busy peer cannot starve them. */
  private static final int BURST = 64;

  private final InetAddress bindAddress;
  private final Selector selector;
  private final Thread thread;
  private final Queue<Port> pendingRegistrations = new ConcurrentLinkedQueue<>();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
  private volatile boolean running = true;

  /** Starts the gateway thread; relay sockets bind to the loopback address. */
  public UdpRelay() {
    this.bindAddress = InetAddress.getLoopbackAddress();
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open selector for the UDP relay", e);
    }
    this.thread = new Thread(this::run, "network-sim-relay");
    thread.setDaemon(true);
    thread.start();
  }

  /** Opens a relay socket towards {@code destination}, guarded by {@code gate}. */
  public Port open(InetSocketAddress destination, Gate gate) {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(gate, "gate");
    if (!running) {
      throw new IllegalStateException("the UDP relay is closed");
    }
    try {
      DatagramChannel channel = DatagramChannel.open();
      try {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        channel.bind(new InetSocketAddress(bindAddress, 0));
        channel.configureBlocking(false);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      Port port = new Port(channel, (InetSocketAddress) channel.getLocalAddress(), destination, gate);
      pendingRegistrations.add(port);
      selector.wakeup();
      return port;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a relay socket on " + bindAddress.getHostAddress(), e);
    }
  }

  /** Stops the gateway thread and closes every relay socket. */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    selector.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (running) {
        selector.select();
        registerPending();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (key.isValid() && key.isReadable()) {
            ((Port) key.attachment()).drain();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("UDP relay stopped", e);
    } finally {
      for (SelectionKey key : selector.keys()) {
        ((Port) key.attachment()).close();
      }
      Port port;
      while ((port = pendingRegistrations.poll()) != null) {
        port.close();
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  private void registerPending() {
    Port port;
    while ((port = pendingRegistrations.poll()) != null) {
      try {
        port.channel.register(selector, SelectionKey.OP_READ, port);
      } catch (ClosedChannelException e) {
        // closed before it was registered
      }
    }
  }

  /** One relay socket: a local address on 127.0.0.1 that stands for one destination. */
  public final class Port implements AutoCloseable {
    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final InetSocketAddress destination;
    private final Gate gate;
    private final AtomicLong forwarded = new AtomicLong();
    private volatile SocketAddress terminal;

    private Port(DatagramChannel channel, InetSocketAddress localAddress, InetSocketAddress destination, Gate gate) {
      this.channel = channel;
      this.localAddress = localAddress;
      this.destination = destination;
      this.gate = gate;
    }

    /** Where the terminal sends datagrams meant for {@link #destination()}. */
    public InetSocketAddress localAddress() {
      return localAddress;
    }

    public InetSocketAddress destination() {
      return destination;
    }

    /** Datagrams forwarded in either direction. */
    public long forwarded() {
      return forwarded.get();
    }

    public boolean isOpen() {
      return channel.isOpen();
    }

    /** Closes the socket; the selector drops it on its next round. */
    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
      selector.wakeup();
    }

    /** Runs on the selector thread only, so the shared buffer needs no locking. */
    private void drain() {
      for (int i = 0; i < BURST; i++) {
        SocketAddress source;
        try {
          buffer.clear();
          source = channel.receive(buffer);
        } catch (IOException e) {
          if (channel.isOpen()) {
            LOG.debug("relay {} -> {}: receive failed: {}", localAddress, destination, e.toString());
          }
          return;
        }
        if (source == null) {
          return;
        }
        buffer.flip();
        SocketAddress target;
        if (destination.equals(source)) {
          target = terminal;
          if (target == null) {
            continue; // nobody has sent through this relay yet
          }
        } else {
          terminal = source;
          target = destination;
        }
        if (!gate.permits(destination)) {
          gate.dropped();
          LOG.debug("relay {}: datagram for {} refused by the destination filter", localAddress, destination);
          continue;
        }
        try {
          channel.send(buffer, target);
          forwarded.incrementAndGet();
        } catch (IOException e) {
          LOG.debug("relay {}: send to {} failed: {}", localAddress, target, e.toString());
        }
      }
    }

    @Override
    public String toString() {
      return "UdpRelay.Port[" + localAddress + " -> " + destination + "]";
    }
  }
}
