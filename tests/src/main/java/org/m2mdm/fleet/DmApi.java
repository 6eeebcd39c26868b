package org.m2mdm.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import org.m2mdm.usim.UsimCredentials;

/**
 * The dm-server operator HTTP API as a subscriber, an operator or the demo drives it: plain
 * {@link HttpClient} calls under {@code /api/v1} with the tenant's bearer token, JSON in and out.
 * The typed methods cover what the scenarios use; {@link #get}/{@link #post}/{@link #put} reach any route.
 */
public final class DmApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final URI base;
    private final String token;
    private final HttpClient http;

    /** @param server the server's HTTP root (e.g. {@code http://127.0.0.1:8080}) */
    public DmApi(URI server, String token) {
        this.base = Objects.requireNonNull(server);
        this.token = Objects.requireNonNull(token).trim();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public ApiReply get(String path) {
        return send(request(path).GET());
    }

    public ApiReply post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(body))));
    }

    public ApiReply put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(encode(body))));
    }

    public ApiReply delete(String path) {
        return send(request(path).DELETE());
    }

    // ---- typed calls (each returns the created or shown object, or throws ApiCallException) ----

    /** POST /devices: the device as the manufacturer ships it (certificate, labels, optional Ku label). */
    public JsonNode registerDevice(String endpoint, String certificatePem, List<String> labels, String kuLabel) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("endpoint", endpoint);
        b.put("certificatePem", certificatePem);
        b.put("labels", labels);
        if (kuLabel != null) {
            b.put("ku", kuLabel);
        }
        return post("/devices", b).orThrow("register device " + endpoint).body();
    }

    /** GET /devices/{id}: device, registrations, subscriptions and last-read object tree. */
    public JsonNode device(String deviceId) {
        return get("/devices/" + deviceId).orThrow("show device").body();
    }

    /** POST /usim-credential-sets: a USIM the operator holds (K and OPc go in and never come out). */
    public JsonNode createCredentialSet(UsimCredentials c, String operatorPlmn) {
        HexFormat hex = HexFormat.of();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("imsi", c.imsi().digits());
        b.put("iccid", c.iccid().digits());
        b.put("k", hex.formatHex(c.k().bytes()));
        b.put("opc", hex.formatHex(c.opc().bytes()));
        b.put("algorithm", c.algorithm().name());
        b.put("amf", hex.formatHex(c.amf().bytes()));
        b.put("operatorPlmn", operatorPlmn);
        return post("/usim-credential-sets", b).orThrow("create credential set " + c.imsi()).body();
    }

    /** POST /subscriptions: connectivity activation for a device with a credential set; filter null = default. */
    public JsonNode activateSubscription(String deviceId, String operatorPlmn, String credentialSetId, String filter) {
        return activateSubscription(deviceId, operatorPlmn, credentialSetId, filter, null);
    }

    /**
     * POST /subscriptions with an initial state: {@code "INACTIVE"} loads the credentials into the operator's AuC
     * without activating the subscription (null = the server's default, ACTIVE).
     */
    public JsonNode activateSubscription(String deviceId, String operatorPlmn, String credentialSetId, String filter,
            String state) {
        Map<String, Object> b = new LinkedHashMap<>();
        if (state != null) {
            b.put("state", state);
        }
        b.put("deviceId", deviceId);
        b.put("operatorPlmn", operatorPlmn);
        b.put("credentialSetId", credentialSetId);
        if (filter != null) {
            b.put("filter", filter);
        }
        return post("/subscriptions", b).orThrow("activate subscription").body();
    }

    /** POST /subscriptions/activate-by-ku (scenario 3); the raw reply so a typo's 400 can be checked. */
    public ApiReply activateByKu(String kuLabel, String operatorPlmn, String filter) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("ku", kuLabel);
        b.put("operatorPlmn", operatorPlmn);
        if (filter != null) {
            b.put("filter", filter);
        }
        return post("/subscriptions/activate-by-ku", b);
    }

    public JsonNode setFilter(String subscriptionId, String filter) {
        return put("/subscriptions/" + subscriptionId + "/filter", Map.of("filter", filter))
                .orThrow("set filter").body();
    }

    /** POST /subscriptions/{id}/activate|bar|terminate. */
    public JsonNode changeSubscription(String subscriptionId, String change) {
        return post("/subscriptions/" + subscriptionId + "/" + change, Map.of()).orThrow(change + " subscription")
                .body();
    }

    public JsonNode managementServers() {
        return get("/management-servers").orThrow("list management servers").body();
    }

    /** POST /activation-entries for one device, with the AAS's default trust anchors. */
    public JsonNode createActivationEntry(String deviceId, String usimServerId, String applicationServerId) {
        return createActivationEntry(deviceId, usimServerId, applicationServerId, null);
    }

    /** POST /activation-entries for one device; {@code trustAnchorsPem} (may be null) replaces the default anchors. */
    public JsonNode createActivationEntry(String deviceId, String usimServerId, String applicationServerId,
            String trustAnchorsPem) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("deviceId", deviceId);
        b.put("usimServerId", usimServerId);
        b.put("applicationServerId", applicationServerId);
        if (trustAnchorsPem != null) {
            b.put("trustAnchorsPem", trustAnchorsPem);
        }
        return post("/activation-entries", b).orThrow("create activation entry").body();
    }

    /** POST /management-servers: a LwM2M server (maybe another operator's) the AAS may hand out. */
    public JsonNode createManagementServer(String name, String role, String uri, int shortServerId,
            String certificatePem) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("role", role);
        b.put("uri", uri);
        b.put("shortServerId", shortServerId);
        b.put("certificatePem", certificatePem);
        return post("/management-servers", b).orThrow("create management server " + name).body();
    }

    /** POST /app-parameter-sets. */
    public JsonNode createAppParameterSet(String appId, String version, List<String> serverUris,
            Map<String, String> parameters) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("appId", appId);
        b.put("version", version);
        b.put("serverUris", serverUris);
        b.put("parameters", parameters);
        return post("/app-parameter-sets", b).orThrow("create app parameter set").body();
    }

    /** POST /jobs for the given devices. */
    public JsonNode createJob(String type, Map<String, ?> spec, List<String> deviceIds) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", type);
        b.put("spec", spec);
        b.put("deviceIds", deviceIds);
        return post("/jobs", b).orThrow("create job " + type).body();
    }

    /** GET /jobs/{id}: job, per-state counts, per-device targets. */
    public JsonNode job(String jobId) {
        return get("/jobs/" + jobId).orThrow("show job").body();
    }

    // ---- multi-call steps, bounded in time ----

    /** The id of the tenant's management server serving {@code role} (USIM or APPLICATION; BOTH serves either). */
    public String serverId(String role) {
        JsonNode servers = managementServers();
        for (JsonNode s : servers) {
            String r = s.path("role").asText();
            if (r.equals(role) || r.equals("BOTH")) {
                return s.path("id").asText();
            }
        }
        throw new ApiCallException("find a " + role + " management server", new ApiReply(200, servers));
    }

    /** Waits until GET /devices/{id} lists a registration with {@code role} (USIM or APPLICATION). */
    public void awaitRegistration(String deviceId, String role, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        Eventually.holds("registration of device " + deviceId + " with the " + role + " management server", timeout,
                () -> {
                    last[0] = device(deviceId).path("registrations");
                    return last[0].findValuesAsText("role").contains(role);
                }, () -> String.valueOf(last[0]));
    }

    /** Waits until GET /devices/{id} shows the device in {@code state}. */
    public void awaitDeviceState(String deviceId, String state, Duration timeout) {
        String[] last = new String[1];
        Eventually.holds("device " + deviceId + " in state " + state, timeout, () -> {
            last[0] = device(deviceId).path("device").path("state").asText();
            return last[0].equals(state);
        }, () -> last[0]);
    }

    /** Waits until the tenant's audit log (GET /audit) has an event {@code action} on {@code subject} with {@code outcome}. */
    public JsonNode awaitAudit(String action, String subject, String outcome, Duration timeout) {
        return Eventually.value(action + " " + outcome + " for " + subject + " in the audit log", timeout, () -> {
            for (JsonNode e : get("/audit?limit=1000").orThrow("list audit").body()) {
                if (e.path("action").asText().equals(action) && e.path("subject").asText().equals(subject)
                        && e.path("outcome").asText().equals(outcome)) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        });
    }

    /** Creates a job for one device and returns its target once final (SUCCEEDED, ROLLED_BACK or FAILED). */
    public JsonNode runJob(String type, Map<String, ?> spec, String deviceId, Duration timeout) {
        String jobId = createJob(type, spec, List.of(deviceId)).path("job").path("id").asText(null);
        if (jobId == null) {
            throw new IllegalStateException("POST /jobs answered without job.id");
        }
        return awaitJob(jobId, timeout);
    }

    /** Waits until the first target of the job is in a final state and returns it. */
    public JsonNode awaitJob(String jobId, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        return Eventually.value("job " + jobId + " to finish", timeout, () -> {
            last[0] = job(jobId);
            JsonNode target = last[0].path("targets").path(0);
            String state = target.path("state").asText("");
            return FINAL.contains(state) ? Optional.of(target) : Optional.empty();
        }, () -> String.valueOf(last[0]));
    }

    private static final List<String> FINAL = List.of("SUCCEEDED", "ROLLED_BACK", "FAILED");

    // ---- plumbing ----

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve("/api/v1" + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private ApiReply send(HttpRequest.Builder b) {
        HttpRequest r = b.build();
        try {
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
            JsonNode body = resp.body() == null || resp.body().isBlank() ? MissingNode.getInstance()
                    : JSON.readTree(resp.body());
            return new ApiReply(resp.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(r.method() + " " + r.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + r.method() + " " + r.uri(), e);
        }
    }

    private static String encode(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
