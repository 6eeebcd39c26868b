package org.m2mdm.server.connectivity;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.m2mdm.network.DestinationFilter;

/**
 * The text form of a {@link DestinationFilter} as stored in the subscription's filter column and
 * accepted by the API: {@code allow-all}, {@code none}, or a comma-separated list of
 * {@code address:port} (IPv6 in brackets, e.g. {@code [::1]:5684}). Addresses must be literal IPs:
 * parsing never does DNS.
 */
public final class DestinationFilterText {
    public static final String ALLOW_ALL = "allow-all";
    public static final String NONE = "none";

    private DestinationFilterText() {
    }

    public static String format(DestinationFilter filter) {
        if (filter.allowsAll()) {
            return ALLOW_ALL;
        }
        if (filter.allowed().isEmpty()) {
            return NONE;
        }
        return filter.allowed().stream().map(DestinationFilterText::endpoint).sorted().collect(Collectors.joining(","));
    }

    /** Parses the text form; anything else → {@link IllegalArgumentException} saying which entry is wrong. */
    public static DestinationFilter parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("filter must be \"allow-all\", \"none\" or a list of address:port");
        }
        String t = text.strip();
        if (t.equals(ALLOW_ALL)) {
            return DestinationFilter.allowAll();
        }
        if (t.equals(NONE)) {
            return DestinationFilter.only();
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (String part : t.split(",")) {
            out.add(parseEndpoint(part.strip()));
        }
        return DestinationFilter.only(out);
    }

    private static InetSocketAddress parseEndpoint(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("filter entry \"" + s + "\" must be address:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("filter entry \"" + s + "\": write IPv6 addresses in brackets, e.g. [::1]:5684");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("filter entry \"" + s + "\" has a non-numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("filter entry \"" + s + "\" has port out of range 1..65535");
        }
        if (!host.matches("[0-9.]+") && !host.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("filter entry \"" + s + "\" must use a literal IP address, not a host name");
        }
        try {
            // A literal IP: InetAddress.getByName does not resolve it through DNS.
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("filter entry \"" + s + "\" is not a valid IP address");
        }
    }

    private static String endpoint(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
