package org.m2mdm.network.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Text form of socket addresses in the HSS and DNS files: IP literal and port, never a host name lookup. */
final class Endpoints {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private Endpoints() {}

  static String format(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static boolean isIpv4(String host) {
    if (!IPV4.matcher(host).matches()) {
      return false;
    }
    for (String octet : host.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  static InetSocketAddress parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("address must not be null");
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("address must be ip:port, got '" + text + "'");
    }
    String host = text.substring(0, colon);
    String portText = text.substring(colon + 1);
    boolean v6 = host.startsWith("[") && host.endsWith("]");
    if (v6) {
      host = host.substring(1, host.length() - 1);
      if (host.indexOf(':') < 0) {
        throw new IllegalArgumentException("address must be an IP literal with a port, got '" + text + "'");
      }
    } else if (!isIpv4(host)) {
      throw new IllegalArgumentException("address must be an IP literal with a port, got '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number in '" + text + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535 in '" + text + "'");
    }
    try {
      // getByName does not query DNS for a literal.
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException | SecurityException e) {
      throw new IllegalArgumentException("not an IP literal: '" + text + "'");
    }
  }
}
