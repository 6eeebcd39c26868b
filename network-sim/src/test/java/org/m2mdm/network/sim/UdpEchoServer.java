package org.m2mdm.network.sim;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/** A real UDP echo server on 127.0.0.1 for relay tests: answers every datagram with the same bytes. */
final class UdpEchoServer implements AutoCloseable {

  private final DatagramSocket socket;
  private final Thread thread;
  private final AtomicInteger received = new AtomicInteger();

  UdpEchoServer() throws SocketException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    thread = new Thread(this::run, "udp-echo-" + socket.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  int received() {
    return received.get();
  }

  private void run() {
    byte[] buffer = new byte[2048];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        received.incrementAndGet();
        socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    socket.close();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
