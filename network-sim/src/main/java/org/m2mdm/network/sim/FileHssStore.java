package org.m2mdm.network.sim;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.Sqn;
import org.m2mdm.usim.UsimCredentials;

/**
 * The simulated AuC/HSS of one operator as a JSON file, rewritten atomically on every change (see
 * {@link AtomicFile}). The file holds K and OPc in hex because it <em>is</em> the AuC; it is created
 * mode 0600, and no error message quotes its content.
 *
 * <pre>{"format":"m2mdm-hss","version":1,"plmn":"001-01","subscribers":[{"imsi":"001010123456789",
 *  "mncLength":2,"iccid":"8988...","algorithm":"MILENAGE","amf":"8000","k":"...","opc":"...",
 *  "state":"ACTIVE","sqn":96,"filter":{"allowAll":false,"allowed":["127.0.0.1:5684"]}}]}</pre>
 */
public final class FileHssStore implements HssStore {

  static final String FORMAT = "m2mdm-hss";
  static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final HexFormat HEX = HexFormat.of();

  private final Path file;
  private final Plmn plmn;

  /** A store for the operator {@code plmn} in {@code file}; the file need not exist yet. */
  public FileHssStore(Path file, Plmn plmn) {
    this.file = Objects.requireNonNull(file, "file");
    this.plmn = Objects.requireNonNull(plmn, "plmn");
  }

  public Path file() {
    return file;
  }

  @Override
  public List<SubscriberRecord> load() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read HSS file " + file, e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (JsonProcessingException e) {
      // Jackson's message may quote file content (i.e. keys), so only the position is reported.
      JsonLocation at = e.getLocation();
      throw new IllegalStateException("HSS file " + file + " is not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read HSS file " + file, e);
    }
    return decode(root);
  }

  private List<SubscriberRecord> decode(JsonNode root) {
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
      throw corrupt("is not an m2mdm HSS file");
    }
    if (root.path("version").asInt(-1) != VERSION) {
      throw corrupt("has unsupported version " + root.path("version"));
    }
    if (!plmn.toString().equals(root.path("plmn").asText())) {
      throw corrupt("belongs to PLMN " + root.path("plmn").asText() + ", not " + plmn);
    }
    JsonNode subscribers = root.path("subscribers");
    if (!subscribers.isArray()) {
      throw corrupt("has no subscribers array");
    }
    List<SubscriberRecord> records = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    int index = 0;
    for (JsonNode node : subscribers) {
      SubscriberRecord record = decodeSubscriber(node, index);
      if (!seen.add(record.key())) {
        throw corrupt("lists IMSI " + record.key() + " twice");
      }
      records.add(record);
      index++;
    }
    return List.copyOf(records);
  }

  private SubscriberRecord decodeSubscriber(JsonNode node, int index) {
    String where = "subscriber #" + index;
    try {
      Imsi imsi = Imsi.of(text(node, "imsi"), node.path("mncLength").asInt(2));
      K k = secret(node, "k", K::fromHex);
      Opc opc = secret(node, "opc", Opc::fromHex);
      UsimCredentials credentials = new UsimCredentials(imsi, Iccid.of(text(node, "iccid")), k, opc,
          Algorithm.valueOf(text(node, "algorithm")), Amf.fromHex(text(node, "amf")));
      SubscriptionState state = SubscriptionState.valueOf(text(node, "state"));
      JsonNode sqn = node.path("sqn");
      if (!sqn.canConvertToLong()) {
        throw new IllegalArgumentException("sqn must be a number");
      }
      return new SubscriberRecord(credentials, state, decodeFilter(node.path("filter")), Sqn.of(sqn.asLong()));
    } catch (IllegalArgumentException e) {
      throw corrupt("has an invalid " + where + ": " + e.getMessage());
    }
  }

  private static <T> T secret(JsonNode node, String field, java.util.function.Function<String, T> parse) {
    try {
      return parse.apply(text(node, field));
    } catch (IllegalArgumentException e) {
      // The usim parsers never echo the value; still say only which field is wrong.
      throw new IllegalArgumentException(field + " is not 32 hex digits");
    }
  }

  private static DestinationFilter decodeFilter(JsonNode filter) {
    if (!filter.isObject()) {
      throw new IllegalArgumentException("filter is missing");
    }
    if (filter.path("allowAll").asBoolean(false)) {
      return DestinationFilter.allowAll();
    }
    List<InetSocketAddress> allowed = new ArrayList<>();
    for (JsonNode entry : filter.path("allowed")) {
      allowed.add(Endpoints.parse(entry.asText()));
    }
    return DestinationFilter.only(allowed);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return value.asText();
  }

  private IllegalStateException corrupt(String what) {
    return new IllegalStateException("HSS file " + file + " " + what);
  }

  @Override
  public void save(List<SubscriberRecord> subscribers) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("plmn", plmn.toString());
    ArrayNode array = root.putArray("subscribers");
    for (SubscriberRecord record : subscribers) {
      UsimCredentials c = record.credentials();
      ObjectNode node = array.addObject();
      node.put("imsi", c.imsi().digits());
      node.put("mncLength", c.imsi().mncLength());
      node.put("iccid", c.iccid().digits());
      node.put("algorithm", c.algorithm().name());
      node.put("amf", HEX.formatHex(c.amf().bytes()));
      node.put("k", HEX.formatHex(c.k().bytes()));
      node.put("opc", HEX.formatHex(c.opc().bytes()));
      node.put("state", record.state().name());
      node.put("sqn", record.sqn().value());
      ObjectNode filter = node.putObject("filter");
      filter.put("allowAll", record.filter().allowsAll());
      ArrayNode allowed = filter.putArray("allowed");
      record.filter().allowed().stream().map(Endpoints::format).sorted().forEach(allowed::add);
    }
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode HSS file " + file, e);
    }
    AtomicFile.write(file, bytes);
  }
}
