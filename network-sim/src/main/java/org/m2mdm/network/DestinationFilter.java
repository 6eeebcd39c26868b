package org.m2mdm.network;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which UDP destinations a subscription's bearer may reach. Either everything ({@link #allowAll()}) or
 * exactly the listed {@code address:port} endpoints ({@link #only}), e.g. the AAS and the management
 * servers during initial connectivity. Endpoints must be resolved socket addresses with a port.
 *
 * <p>The boolean component is {@code allowsAll} because Java does not let a record accessor
 * {@code allowAll()} coexist with the static factory {@link #allowAll()}.
 */
public record DestinationFilter(Set<InetSocketAddress> allowed, boolean allowsAll) {

  private static final DestinationFilter ALLOW_ALL = new DestinationFilter(Set.of(), true);

  public DestinationFilter {
    Objects.requireNonNull(allowed, "allowed");
    for (InetSocketAddress address : allowed) {
      requireEndpoint(address);
    }
    if (allowsAll && !allowed.isEmpty()) {
      throw new IllegalArgumentException("an allow-all filter must not also list destinations: " + allowed);
    }
    allowed = Set.copyOf(allowed);
  }

  /** No restriction: operational connectivity. */
  public static DestinationFilter allowAll() {
    return ALLOW_ALL;
  }

  /** Only the given endpoints; with no argument nothing at all may be reached. */
  public static DestinationFilter only(InetSocketAddress... destinations) {
    return only(Arrays.asList(destinations));
  }

  /** Only the given endpoints. */
  public static DestinationFilter only(Collection<InetSocketAddress> destinations) {
    return new DestinationFilter(new LinkedHashSet<>(destinations), false);
  }

  /** This filter with {@code destination} added (an allow-all filter stays allow-all). */
  public DestinationFilter with(InetSocketAddress destination) {
    requireEndpoint(destination);
    if (allowsAll) {
      return this;
    }
    Set<InetSocketAddress> more = new LinkedHashSet<>(allowed);
    more.add(destination);
    return new DestinationFilter(more, false);
  }

  /** True if a datagram to {@code destination} may pass. */
  public boolean permits(InetSocketAddress destination) {
    return allowsAll || (destination != null && allowed.contains(destination));
  }

  static InetSocketAddress requireEndpoint(InetSocketAddress address) {
    if (address == null) {
      throw new IllegalArgumentException("destination must not be null");
    }
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("destination must be a resolved address, got unresolved " + address);
    }
    if (address.getPort() == 0) {
      throw new IllegalArgumentException("destination must name a port, got " + address);
    }
    return address;
  }
}
