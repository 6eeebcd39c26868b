package org.m2mdm.server.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.m2mdm.server.store.Device;
import org.m2mdm.server.store.DeviceFilter;
import org.m2mdm.server.store.DeviceImportException;
import org.m2mdm.server.store.DeviceState;
import org.m2mdm.server.store.DeviceStore;
import org.m2mdm.server.store.DuplicateKeyException;
import org.m2mdm.server.store.NewDevice;
import org.m2mdm.server.store.Page;
import org.m2mdm.server.store.SubscriptionStore;

/** Device inventory: register one, import many (JSON array or CSV, all or nothing), list, show. */
final class DeviceRoutes {
    static final String CSV = "text/csv";
    private static final CsvMapper CSV_MAPPER = new CsvMapper();
    // reads one array element from a shared parser, so tokens after it are expected
    private static final com.fasterxml.jackson.databind.ObjectReader ELEMENT_READER = JsonCodec.mapper()
            .readerFor(DeviceRequest.class)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> CSV_COLUMNS = List.of("endpoint", "labels", "ku", "kuFingerprint",
            "certificatePem");

    /** A device to register. {@code ku} is the label text (only its fingerprint is kept). */
    public record DeviceRequest(String endpoint, List<String> labels, String certificatePem, String ku,
                                String kuFingerprint) {
    }

    public record DeviceView(String id, String endpoint, List<String> labels, DeviceState state,
                             String kuFingerprint, boolean hasCertificate, Instant createdAt, Instant updatedAt) {
    }

    public record DevicePage(List<DeviceView> items, long total, int offset, int limit) {
    }

    public record DeviceDetail(DeviceView device, String certificatePem,
                               List<RegistrationLookup.Registration> registrations,
                               List<SubscriptionRoutes.SubscriptionView> subscriptions, JsonNode objectTree,
                               Instant objectTreeReadAt) {
    }

    public record ImportResult(int imported, List<DeviceView> devices) {
    }

    public record LabelsRequest(List<String> labels) {
    }

    private final DeviceStore devices;
    private final SubscriptionStore subscriptions;
    private final RegistrationLookup registrations;
    private final Audit audit;

    DeviceRoutes(DeviceStore devices, SubscriptionStore subscriptions, RegistrationLookup registrations, Audit audit) {
        this.devices = devices;
        this.subscriptions = subscriptions;
        this.registrations = registrations;
        this.audit = audit;
    }

    List<Route> routes() {
        String base = ApiServer.PREFIX + "/devices";
        return List.of(
                Route.post(base, "registerDevice", "Register one device", this::register)
                        .types(DeviceRequest.class, DeviceView.class).answering(201),
                Route.post(base + "/import", "importDevices",
                                "Import devices from a JSON array or CSV (header: " + String.join(",", CSV_COLUMNS)
                                        + "; labels separated by ';'); one bad row rejects the whole import",
                                this::importAll)
                        .accepting(JsonCodec.JSON, CSV).types(DeviceRequest[].class, ImportResult.class)
                        .answering(201),
                Route.get(base, "listDevices", "List devices with filters and paging", this::list)
                        .withQuery(QueryParam.string("label", "only devices carrying this label"),
                                QueryParam.string("state", "only devices in this state"),
                                QueryParam.string("endpointPrefix", "only endpoints starting with this"),
                                QueryParam.integer("offset", "rows to skip (default 0)"),
                                QueryParam.integer("limit", "rows to return, 1-500 (default 50)"))
                        .types(null, DevicePage.class),
                Route.get(base + "/{deviceId}", "getDevice",
                                "One device with its registration state and its object tree as last read", this::show)
                        .types(null, DeviceDetail.class),
                Route.put(base + "/{deviceId}/labels", "setDeviceLabels", "Replace a device's labels (its groups)",
                                this::setLabels)
                        .types(LabelsRequest.class, DeviceView.class))
                .stream().map(r -> r.tagged("devices")).toList();
    }

    private ApiResponse register(ApiRequest request) {
        NewDevice device = toNewDevice(request.body(DeviceRequest.class));
        try {
            Device created = devices.create(request.tenantId(), device);
            audit.ok(request, "device.register", created.id(), "endpoint " + created.endpoint());
            return ApiResponse.created(view(created), ApiServer.PREFIX + "/devices/" + created.id());
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("endpoint_taken", "endpoint '" + device.endpoint() + "' is already registered");
        }
    }

    private ApiResponse importAll(ApiRequest request) {
        List<Row> rows = CSV.equals(request.contentType()) ? csvRows(request.body()) : jsonRows(request.body());
        if (rows.isEmpty()) {
            throw ApiException.badRequest("empty_import", "the import contains no devices");
        }
        List<NewDevice> batch = new ArrayList<>();
        for (Row row : rows) {
            try {
                batch.add(toNewDevice(row.device()));
            } catch (ApiException e) {
                audit.rejected(request, "device.import", null, "line " + row.line() + ": " + e.code());
                throw rowError(row.line(), e.code(), e.getMessage());
            }
        }
        try {
            List<Device> created = devices.importAll(request.tenantId(), batch);
            audit.ok(request, "device.import", null, created.size() + " devices");
            return new ApiResponse(201, new ImportResult(created.size(), created.stream().map(DeviceRoutes::view)
                    .toList()), JsonCodec.JSON, java.util.Map.of());
        } catch (DeviceImportException e) {
            int line = e.index() >= 0 && e.index() < rows.size() ? rows.get(e.index()).line() : -1;
            audit.rejected(request, "device.import", null, "line " + line);
            throw rowError(line, "import_rejected", "endpoint '" + e.endpoint() + "' is already registered"
                    + " or duplicated in the import");
        }
    }

    private static ApiException rowError(int line, String code, String message) {
        return ApiException.badRequest(code, "line " + line + ": " + message + "; nothing was imported");
    }

    private ApiResponse list(ApiRequest request) {
        DeviceState state = request.query("state").map(DeviceRoutes::state).orElse(null);
        String label = request.query("label").map(Validation::label).orElse(null);
        int offset = request.intQuery("offset", 0, 0, Integer.MAX_VALUE);
        int limit = request.intQuery("limit", 50, 1, 500);
        Page<Device> page = devices.list(request.tenantId(),
                new DeviceFilter(label, state, request.query("endpointPrefix").orElse(null)), offset, limit);
        return ApiResponse.ok(new DevicePage(page.items().stream().map(DeviceRoutes::view).toList(), page.total(),
                offset, limit));
    }

    private ApiResponse show(ApiRequest request) {
        Device d = find(request.tenantId(), request.pathParam("deviceId"));
        JsonNode tree = null;
        if (d.objectTreeJson() != null) {
            try {
                tree = JsonCodec.mapper().readTree(d.objectTreeJson());
            } catch (IOException e) {
                tree = null;
            }
        }
        return ApiResponse.ok(new DeviceDetail(view(d), d.certificatePem(), registrations.registrations(d.endpoint()),
                subscriptions.forDevice(request.tenantId(), d.id()).stream().map(SubscriptionRoutes::view).toList(),
                tree, d.objectTreeReadAt()));
    }

    private ApiResponse setLabels(ApiRequest request) {
        Device d = find(request.tenantId(), request.pathParam("deviceId"));
        LabelsRequest r = request.body(LabelsRequest.class);
        if (r.labels() == null) {
            throw ApiException.badRequest("missing_field", "field 'labels' is required (may be empty)");
        }
        Set<String> labels = Validation.labels(r.labels());
        devices.setLabels(request.tenantId(), d.id(), labels);
        audit.ok(request, "device.labels", d.id(), String.join(";", labels));
        return ApiResponse.ok(view(find(request.tenantId(), d.id())));
    }

    Device find(String tenantId, String deviceId) {
        return devices.find(tenantId, deviceId).orElseThrow(() -> ApiException.notFound("device_not_found",
                "no device with id '" + ApiRequest.abbreviate(deviceId) + "'"));
    }

    static DeviceView view(Device d) {
        return new DeviceView(d.id(), d.endpoint(), d.labels().stream().sorted().toList(), d.state(),
                d.kuFingerprint(), d.certificatePem() != null, d.createdAt(), d.updatedAt());
    }

    private static DeviceState state(String s) {
        try {
            return DeviceState.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_parameter", "state must be one of "
                    + Arrays.toString(DeviceState.values()));
        }
    }

    static NewDevice toNewDevice(DeviceRequest r) {
        String endpoint = Validation.endpoint(r.endpoint());
        Set<String> labels = Validation.labels(r.labels());
        String pem = Validation.certificatePem(r.certificatePem());
        String fingerprint = Validation.kuFingerprint(r.kuFingerprint());
        if (r.ku() != null && !r.ku().isBlank()) {
            String fromKu = Validation.ku(r.ku()).fingerprint();
            if (fingerprint != null && !fingerprint.equals(fromKu)) {
                throw ApiException.badRequest("ku_mismatch", "ku and kuFingerprint do not belong together");
            }
            fingerprint = fromKu;
        }
        return new NewDevice(endpoint, pem, fingerprint, labels);
    }

    /** One import row and the line it starts on (1-based, as an editor shows it). */
    private record Row(int line, DeviceRequest device) {
    }

    private static List<Row> jsonRows(byte[] body) {
        List<Row> rows = new ArrayList<>();
        try (JsonParser p = JsonCodec.mapper().createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw ApiException.badRequest("invalid_import", "a JSON import must be an array of devices");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                int line = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    throw rowError(line, "invalid_import", "each element must be a device object");
                }
                try {
                    rows.add(new Row(line, ELEMENT_READER.readValue(p)));
                } catch (IOException e) {
                    ApiException api = JsonCodec.translate(e);
                    throw rowError(line, api.code(), api.getMessage());
                }
            }
            if (p.nextToken() != null) {
                throw ApiException.badRequest("malformed_json", "unexpected content after the array");
            }
        } catch (IOException e) {
            throw JsonCodec.translate(e);
        }
        return rows;
    }

    private static List<Row> csvRows(byte[] body) {
        List<Row> rows = new ArrayList<>();
        try (CsvParser p = CSV_MAPPER.getFactory().createParser(body)) {
            p.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            List<String> header = null;
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return rows;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
                List<String> values = new ArrayList<>();
                int line = -1;
                while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
                    if (line < 0) {
                        line = p.currentTokenLocation().getLineNr();
                    }
                    values.add(p.getText().trim());
                }
                if (values.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                if (header == null) {
                    header = values;
                    for (String column : header) {
                        if (!CSV_COLUMNS.contains(column)) {
                            throw rowError(line, "invalid_import", "unknown CSV column '"
                                    + ApiRequest.abbreviate(column) + "'; known: " + String.join(", ", CSV_COLUMNS));
                        }
                    }
                    if (!header.contains("endpoint")) {
                        throw rowError(line, "invalid_import", "the CSV header must name an 'endpoint' column");
                    }
                    continue;
                }
                if (values.size() > header.size()) {
                    throw rowError(line, "invalid_import", values.size() + " values but the header has "
                            + header.size() + " columns");
                }
                rows.add(new Row(line, csvDevice(header, values)));
            }
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_csv", "the CSV cannot be parsed"
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? " at line " + j.getLocation().getLineNr() : ""));
        }
        return rows;
    }

    private static DeviceRequest csvDevice(List<String> header, List<String> values) {
        String endpoint = null;
        List<String> labels = List.of();
        String ku = null;
        String fingerprint = null;
        String pem = null;
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i).isEmpty() ? null : values.get(i);
            switch (header.get(i)) {
                case "endpoint" -> endpoint = v;
                case "labels" -> labels = v == null ? List.of()
                        : Arrays.stream(v.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                case "ku" -> ku = v;
                case "kuFingerprint" -> fingerprint = v;
                case "certificatePem" -> pem = v;
                default -> throw new IllegalStateException(header.get(i));
            }
        }
        return new DeviceRequest(endpoint, labels, pem, ku, fingerprint);
    }
}
