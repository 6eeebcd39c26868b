package org.m2mdm.scenarios;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import org.m2mdm.network.Bearer;

/** What the scenarios use to look at the network and at secrets from outside. */
final class Probes {
    /** Upper bound for one scenario step (bootstrap, registration, switch...). */
    static final Duration STEP = Duration.ofSeconds(40);

    private Probes() {
    }

    /** Sends one datagram through the bearer's relay to a fresh local socket; true if it arrived there. */
    static boolean datagramGetsThrough(Bearer bearer) throws Exception {
        try (DatagramSocket foreign = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramSocket sender = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            foreign.setSoTimeout(700);
            InetSocketAddress relay = bearer.relayTo(new InetSocketAddress("127.0.0.1", foreign.getLocalPort()));
            byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
            sender.send(new DatagramPacket(probe, probe.length, relay));
            try {
                foreign.receive(new DatagramPacket(new byte[64], 64));
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
    }

    /** Lower-case hex, to look for K/OPc in API answers. */
    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
