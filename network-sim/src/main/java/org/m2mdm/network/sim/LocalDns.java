package org.m2mdm.network.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The DNS of one simulated network. Every simulated host shares 127.0.0.1, so a record maps a name to
 * an address <em>and port</em>, like an SRV record: {@code aas.m2m.local} can point at a different
 * server in each network. Names are case-insensitive; a trailing dot is ignored. With a file the
 * records survive a restart (rewritten atomically on each change).
 */
public final class LocalDns {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final TreeMap<String, InetSocketAddress> records = new TreeMap<>();

  /** An in-memory DNS. */
  public LocalDns() {
    this.file = null;
  }

  /** A DNS kept in {@code file} (created on the first change). */
  public LocalDns(Path file) {
    this.file = Objects.requireNonNull(file, "file");
    load();
  }

  /** Adds or replaces the record for {@code name}. */
  public synchronized void put(String name, InetSocketAddress address) {
    String key = normalise(name);
    if (address == null || address.isUnresolved() || address.getPort() == 0) {
      throw new IllegalArgumentException("DNS record " + key + " needs a resolved address with a port, got " + address);
    }
    InetSocketAddress previous = records.put(key, address);
    TentativeWrite.saveOrRevert(records, key, previous, this::save);
  }

  /** Removes the record for {@code name}; returns whether there was one. */
  public synchronized boolean remove(String name) {
    String key = normalise(name);
    InetSocketAddress previous = records.remove(key);
    if (previous == null) {
      return false;
    }
    TentativeWrite.saveOrRevert(records, key, previous, this::save);
    return true;
  }

  /** The address for {@code name}, or empty if the network has no such record (NXDOMAIN). */
  public synchronized Optional<InetSocketAddress> resolve(String name) {
    return Optional.ofNullable(records.get(normalise(name)));
  }

  /** All records, by name. */
  public synchronized Map<String, InetSocketAddress> records() {
    return Collections.unmodifiableMap(new TreeMap<>(records));
  }

  /** Lower-cases and checks a host name (labels of letters, digits and inner hyphens, at most 253 characters). */
  public static String normalise(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("host name must not be empty");
    }
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    if (n.length() > 253) {
      throw new IllegalArgumentException("host name longer than 253 characters");
    }
    for (String label : n.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException("not a valid host name: '" + name + "'");
      }
    }
    return n;
  }

  private void load() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read DNS file " + file, e);
    }
    try {
      JsonNode root = JSON.readTree(content);
      JsonNode entries = root == null ? null : root.path("records");
      if (entries == null || !entries.isObject()) {
        throw new IllegalStateException("DNS file " + file + " has no records object");
      }
      for (Map.Entry<String, JsonNode> entry : entries.properties()) {
        records.put(normalise(entry.getKey()), Endpoints.parse(entry.getValue().asText()));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("DNS file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read DNS file " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("DNS file " + file + " has an invalid record: " + e.getMessage(), e);
    }
  }

  private void save() {
    if (file == null) {
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "m2mdm-dns");
    root.put("version", 1);
    ObjectNode entries = root.putObject("records");
    records.forEach((name, address) -> entries.put(name, Endpoints.format(address)));
    try {
      AtomicFile.write(file, JSON.writeValueAsBytes(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode DNS file " + file, e);
    }
  }
}
