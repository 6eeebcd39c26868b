package org.m2mdm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.server.store.Stores;
import org.m2mdm.server.store.Tenant;
import org.m2mdm.usim.Iccid;

/** The operator API over real stores (H2 in a temp dir) and a real Jetty on 127.0.0.1. */
@Timeout(60)
class OperatorApiTest {
    private static final String K_HEX = "465b5ce8b199b49faa5f0a2ee238a6bc";
    private static final String OPC_HEX = "cd63cb71954a9f4e48a5994e37a02baf";

    @TempDir
    Path dataDir;
    private Stores stores;
    private ApiServer server;
    private HttpProbe alice;
    private HttpProbe bob;

    @BeforeEach
    void start() {
        stores = Stores.open(dataDir);
        Tenant a = stores.tenants().create("alice-telecom");
        Tenant b = stores.tenants().create("bob-mobile");
        OperatorApi api = OperatorApi.over(stores).operatorPlmn("001-01").build();
        server = new ApiServer("127.0.0.1", 0, 256 * 1024, api.routes(), api.tokenVerifier());
        server.start();
        alice = new HttpProbe(server.uri(), stores.tenants().issueToken(a.id()));
        bob = new HttpProbe(server.uri(), stores.tenants().issueToken(b.id()));
    }

    @AfterEach
    void stop() {
        server.close();
        stores.close();
    }

    private String registerDevice(HttpProbe who, String endpoint, String... labels) {
        StringBuilder json = new StringBuilder("{\"endpoint\":\"" + endpoint + "\",\"labels\":[");
        for (int i = 0; i < labels.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(labels[i]).append('"');
        }
        HttpProbe.Answer a = who.post("/api/v1/devices", json.append("]}").toString());
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }

    @Test
    void registersListsAndShowsDevices() {
        String id = registerDevice(alice, "urn:imei:350000000000001", "meters", "berlin");
        registerDevice(alice, "urn:imei:350000000000002", "meters");
        registerDevice(alice, "urn:imei:990000000000003", "trackers");

        HttpProbe.Answer page = alice.get("/api/v1/devices?label=meters&limit=1");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("total").asLong()).isEqualTo(2);
        assertThat(page.json().path("items")).hasSize(1);
        assertThat(alice.get("/api/v1/devices?endpointPrefix=urn:imei:99").json().path("total").asLong())
                .isEqualTo(1);

        HttpProbe.Answer one = alice.get("/api/v1/devices/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().at("/device/endpoint").asText()).isEqualTo("urn:imei:350000000000001");
        assertThat(one.json().at("/device/state").asText()).isEqualTo("PROVISIONED");
        assertThat(one.json().path("registrations")).isEmpty();
    }

    @Test
    void badListParametersAre400() {
        assertThat(alice.get("/api/v1/devices?limit=0").code()).isEqualTo("invalid_parameter");
        assertThat(alice.get("/api/v1/devices?offset=-1").code()).isEqualTo("invalid_parameter");
        assertThat(alice.get("/api/v1/devices?state=SLEEPY").code()).isEqualTo("invalid_parameter");
        assertThat(alice.get("/api/v1/devices?label=no%20spaces").code()).isEqualTo("invalid_label");
    }

    @Test
    void commandsAndRejectedImportsAreInTheTenantsAuditLog() {
        String device = registerDevice(alice, "urn:imei:audit");
        alice.post("/api/v1/jobs", "{\"type\":\"LWM2M_READ\",\"spec\":{\"path\":\"/3/0\"},\"deviceIds\":[\""
                + device + "\"]}");
        alice.send("POST", "/api/v1/devices/import", "endpoint\n\n", "text/csv");
        alice.send("POST", "/api/v1/devices/import", "endpoint,labels\nurn:imei:x,bad label\n", "text/csv");
        JsonNode events = alice.get("/api/v1/audit").json();
        assertThat(events.findValuesAsText("action")).contains("device.register", "job.create", "device.import");
        assertThat(events.findValuesAsText("outcome")).contains("OK", "REJECTED");
        assertThat(bob.get("/api/v1/audit").json()).isEmpty();
    }

    @Test
    void issuesListsAndRevokesTokensOfTheOwnTenantOnly() {
        HttpProbe.Answer issued = alice.post("/api/v1/tokens", "{\"label\":\"ci\"}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        HttpProbe second = alice.as(issued.json().path("token").asText());
        assertThat(second.get("/api/v1/tenant").json().path("name").asText()).isEqualTo("alice-telecom");
        JsonNode tokens = alice.get("/api/v1/tokens").json();
        assertThat(tokens.findValuesAsText("label")).contains("ci");
        assertThat(tokens.toString()).doesNotContain(issued.json().path("token").asText());
        String ciId = null;
        for (JsonNode t : tokens) {
            if (t.path("label").asText().equals("ci")) {
                ciId = t.path("id").asText();
            }
        }
        assertThat(bob.delete("/api/v1/tokens/" + ciId).code()).isEqualTo("token_not_found");
        assertThat(second.get("/api/v1/tenant").status()).isEqualTo(200);
        assertThat(alice.delete("/api/v1/tokens/" + ciId).status()).isEqualTo(204);
        assertThat(second.get("/api/v1/tenant").code()).isEqualTo("invalid_token");
    }

    @Test
    void replacesLabelsOfOwnDevicesOnly() {
        String device = registerDevice(alice, "urn:imei:labels", "old");
        HttpProbe.Answer set = alice.put("/api/v1/devices/" + device + "/labels", "{\"labels\":[\"new\",\"north\"]}");
        assertThat(set.json().path("labels").toString()).isEqualTo("[\"new\",\"north\"]");
        assertThat(alice.get("/api/v1/devices?label=old").json().path("total").asLong()).isZero();
        assertThat(bob.put("/api/v1/devices/" + device + "/labels", "{\"labels\":[]}").code())
                .isEqualTo("device_not_found");
        assertThat(alice.get("/api/v1/devices?label=north").json().path("total").asLong()).isEqualTo(1);
    }

    @Test
    void duplicateEndpointIs409() {
        registerDevice(alice, "urn:imei:1");
        HttpProbe.Answer again = bob.post("/api/v1/devices", "{\"endpoint\":\"urn:imei:1\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("endpoint_taken");
    }

    @Test
    void anotherTenantGets404ForDevicesAndJobs() {
        String device = registerDevice(alice, "urn:imei:42", "fleet");
        HttpProbe.Answer job = alice.post("/api/v1/jobs",
                "{\"type\":\"LWM2M_READ\",\"spec\":{\"path\":\"/3/0\"},\"deviceIds\":[\"" + device + "\"]}");
        assertThat(job.status()).as(job.toString()).isEqualTo(201);
        String jobId = job.json().at("/job/id").asText();

        HttpProbe.Answer foreignDevice = bob.get("/api/v1/devices/" + device);
        assertThat(foreignDevice.status()).isEqualTo(404);
        assertThat(foreignDevice.code()).isEqualTo("device_not_found");
        assertThat(foreignDevice.body()).doesNotContain("urn:imei:42");
        HttpProbe.Answer foreignJob = bob.get("/api/v1/jobs/" + jobId);
        assertThat(foreignJob.status()).isEqualTo(404);
        assertThat(foreignJob.code()).isEqualTo("job_not_found");

        // bob can neither see alice's devices in lists nor command them
        assertThat(bob.get("/api/v1/devices").json().path("total").asLong()).isZero();
        assertThat(bob.get("/api/v1/jobs").json().path("total").asLong()).isZero();
        HttpProbe.Answer command = bob.post("/api/v1/jobs",
                "{\"type\":\"LWM2M_READ\",\"spec\":{\"path\":\"/3/0\"},\"deviceIds\":[\"" + device + "\"]}");
        assertThat(command.status()).isEqualTo(404);
        assertThat(command.code()).isEqualTo("device_not_found");
        assertThat(bob.post("/api/v1/jobs", "{\"type\":\"LWM2M_READ\",\"spec\":{\"path\":\"/3/0\"},"
                + "\"label\":\"fleet\"}").code()).isEqualTo("no_targets");
    }

    @Test
    void jobShowsPerStateCountsAndPerDeviceResults() {
        registerDevice(alice, "urn:imei:a1", "g");
        registerDevice(alice, "urn:imei:a2", "g");
        HttpProbe.Answer job = alice.post("/api/v1/jobs",
                "{\"type\":\"LWM2M_WRITE\",\"spec\":{\"path\":\"/1/0/1\",\"value\":300},\"label\":\"g\"}");
        assertThat(job.status()).as(job.toString()).isEqualTo(201);
        JsonNode detail = alice.get("/api/v1/jobs/" + job.json().at("/job/id").asText()).json();
        assertThat(detail.at("/counts/pending").asLong()).isEqualTo(2);
        for (String state : List.of("delivering", "succeeded", "rolled-back", "failed")) {
            assertThat(detail.path("counts").has(state)).as(state).isTrue();
        }
        assertThat(detail.path("targets")).hasSize(2);
        assertThat(detail.at("/targets/0/endpoint").asText()).isEqualTo("urn:imei:a1");
    }

    @Test
    void rejectsBadJobRequests() {
        String device = registerDevice(alice, "urn:imei:j");
        assertThat(alice.post("/api/v1/jobs", "{\"type\":\"FORMAT_DISK\",\"deviceIds\":[\"" + device + "\"]}")
                .code()).isEqualTo("unknown_job_type");
        assertThat(alice.post("/api/v1/jobs", "{\"type\":\"LWM2M_READ\",\"spec\":{\"path\":\"3/x\"},"
                + "\"deviceIds\":[\"" + device + "\"]}").code()).isEqualTo("invalid_path");
        assertThat(alice.post("/api/v1/jobs", "{\"type\":\"INSTALL_USIM_PROFILE_AND_SWITCH\","
                + "\"spec\":{\"credentialSetId\":\"nope\"},\"deviceIds\":[\"" + device + "\"]}").code())
                .isEqualTo("credential_set_not_found");
        assertThat(alice.post("/api/v1/jobs", "{\"type\":\"LWM2M_READ\",\"spec\":{\"path\":\"/3\"},"
                + "\"deviceIds\":[\"" + device + "\"],\"allDevices\":true}").code()).isEqualTo("invalid_selection");
        assertThat(alice.get("/api/v1/jobs").json().path("total").asLong()).isZero();
    }

    @Test
    void csvImportWithABadRowNamesTheLineAndWritesNothing() {
        String csv = "endpoint,labels\n"
                + "urn:imei:c1,meters;north\n"
                + "urn:imei:c2,meters\n"
                + "urn:imei:c3,bad label!\n"
                + "urn:imei:c4,meters\n";
        HttpProbe.Answer a = alice.send("POST", "/api/v1/devices/import", csv, "text/csv");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.code()).isEqualTo("invalid_label");
        assertThat(a.json().path("message").asText()).startsWith("line 4:").contains("nothing was imported");
        assertThat(alice.get("/api/v1/devices").json().path("total").asLong()).isZero();

        HttpProbe.Answer ok = alice.send("POST", "/api/v1/devices/import", csv.replace("bad label!", "ok"),
                "text/csv");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        assertThat(ok.json().path("imported").asInt()).isEqualTo(4);
        assertThat(alice.get("/api/v1/devices?label=meters").json().path("total").asLong()).isEqualTo(3);
    }

    @Test
    void jsonImportWithABadRowNamesTheLineAndWritesNothing() {
        String json = "[\n"
                + "  {\"endpoint\": \"urn:imei:j1\", \"labels\": [\"x\"]},\n"
                + "  {\"endpoint\": \"urn:imei:j2\"},\n"
                + "  {\"labels\": [\"no-endpoint\"]}\n"
                + "]";
        HttpProbe.Answer a = alice.send("POST", "/api/v1/devices/import", json, "application/json");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.code()).as(a.toString()).isEqualTo("missing_field");
        assertThat(a.json().path("message").asText()).startsWith("line 4:");
        assertThat(alice.get("/api/v1/devices").json().path("total").asLong()).isZero();
    }

    @Test
    void importRejectsAnEndpointAlreadyTakenByItsLine() {
        registerDevice(bob, "urn:imei:taken");
        String csv = "endpoint\nurn:imei:fresh\n\nurn:imei:taken\n";
        HttpProbe.Answer a = alice.send("POST", "/api/v1/devices/import", csv, "text/csv");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.code()).isEqualTo("import_rejected");
        assertThat(a.json().path("message").asText()).startsWith("line 4:");
        assertThat(alice.get("/api/v1/devices").json().path("total").asLong()).isZero();
    }

    @Test
    void missingOrWrongTokenIs401() {
        HttpProbe.Answer none = alice.as(null).get("/api/v1/devices");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.code()).isEqualTo("missing_token");
        HttpProbe.Answer wrong = alice.as("m2mdm_not-a-token").get("/api/v1/devices");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("invalid_token");
        assertThat(alice.get("/api/v1/tenant").json().path("name").asText()).isEqualTo("alice-telecom");
    }

    @Test
    void noResponseEverContainsKOrOpc() {
        String device = registerDevice(alice, "urn:imei:secret-check");
        HttpProbe.Answer created = alice.post("/api/v1/usim-credential-sets", "{\"imsi\":\"001010000000001\","
                + "\"iccid\":\"" + Iccid.withCheckDigit("890010100000000001") + "\",\"k\":\"" + K_HEX + "\",\"opc\":\"" + OPC_HEX.toUpperCase()
                + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String setId = created.json().path("id").asText();
        HttpProbe.Answer job = alice.post("/api/v1/jobs", "{\"type\":\"INSTALL_USIM_PROFILE_AND_SWITCH\","
                + "\"spec\":{\"credentialSetId\":\"" + setId + "\"},\"deviceIds\":[\"" + device + "\"]}");
        assertThat(job.status()).as(job.toString()).isEqualTo(201);
        // a malformed upload must not bounce the secret back either
        HttpProbe.Answer badOpc = alice.post("/api/v1/usim-credential-sets", "{\"imsi\":\"001010000000002\","
                + "\"iccid\":\"" + Iccid.withCheckDigit("890010100000000002") + "\",\"k\":\"" + K_HEX + "\",\"opc\":\"" + OPC_HEX + "zz\"}");
        assertThat(badOpc.code()).isEqualTo("invalid_opc");

        List<HttpProbe.Answer> everything = new ArrayList<>(List.of(created, job, badOpc));
        for (Route route : server.routes().routes()) {
            if (route.method().equals("GET")) {
                String path = route.template().replace("{setId}", setId).replace("{deviceId}", device)
                        .replace("{jobId}", job.json().at("/job/id").asText()).replaceAll("\\{[^}]+}", "x");
                everything.add(alice.get(path));
            }
        }
        for (HttpProbe.Answer a : everything) {
            String body = a.body().toLowerCase();
            assertThat(body).doesNotContain(K_HEX).doesNotContain(OPC_HEX);
        }
        assertThat(alice.get("/api/v1/usim-credential-sets/" + setId).json().has("k")).isFalse();
    }

    @Test
    void openApiDocumentsEveryRouteAndEveryDocumentedPathAnswers() {
        // fixtures, so that GETs on documented paths with ids reach real resources
        String device = registerDevice(alice, "urn:imei:doc");
        String job = alice.post("/api/v1/jobs", "{\"type\":\"LWM2M_READ\",\"spec\":{\"path\":\"/3/0\"},"
                + "\"deviceIds\":[\"" + device + "\"]}").json().at("/job/id").asText();
        String usimSet = alice.post("/api/v1/usim-credential-sets", "{\"imsi\":\"001010000000009\",\"iccid\":\""
                + Iccid.withCheckDigit("890010100000000009") + "\",\"k\":\"" + K_HEX + "\",\"opc\":\"" + OPC_HEX
                + "\"}").json().path("id").asText();
        String appSet = alice.post("/api/v1/app-parameter-sets", "{\"appId\":\"meter\",\"version\":\"1\","
                + "\"serverUris\":[\"coaps://127.0.0.1:5700\"],\"parameters\":{\"interval\":\"60\"}}")
                .json().path("id").asText();
        String server = alice.post("/api/v1/management-servers", "{\"name\":\"ms\",\"role\":\"BOTH\","
                + "\"uri\":\"coaps://127.0.0.1:5684\",\"shortServerId\":7}").json().path("id").asText();
        HttpProbe.Answer entry = alice.post("/api/v1/activation-entries", "{\"label\":\"doc\",\"usimServerId\":\""
                + server + "\",\"applicationServerId\":\"" + server + "\"}");
        assertThat(entry.status()).as(entry.toString()).isEqualTo(201);

        JsonNode doc = alice.as(null).get(ApiServer.OPENAPI_PATH).json();
        JsonNode paths = doc.path("paths");
        for (Route route : server().routes().routes()) {
            assertThat(paths.path(route.template()).has(route.method().toLowerCase()))
                    .as(route.method() + " " + route.template() + " documented").isTrue();
        }
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String template = path.getKey();
            String concrete = template.replace("{deviceId}", device).replace("{jobId}", job)
                    .replace("{entryId}", entry.json().path("id").asText())
                    .replace("{setId}", template.contains("usim-credential-sets") ? usimSet : appSet);
            boolean allIdsReal = !concrete.contains("{");
            concrete = concrete.replaceAll("\\{[^}]+}", "doc-probe");
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                operations++;
                boolean bodyless = method.equals("GET") || method.equals("DELETE");
                HttpProbe.Answer a = alice.send(method, concrete, bodyless ? null : "{}",
                        bodyless ? null : "application/json");
                assertThat(a.status() == 404 && a.code().equals("no_such_route"))
                        .as(method + " " + concrete + " -> " + a).isFalse();
                assertThat(a.status()).as(method + " " + concrete).isNotEqualTo(405);
                if (method.equals("GET") && allIdsReal) {
                    assertThat(a.status()).as("GET " + concrete + " -> " + a).isEqualTo(200);
                }
            }
        }
        assertThat(operations).isEqualTo(server().routes().routes().size());
        // the schemas use the JSON names
        assertThat(doc.at("/components/schemas/JobCounts/properties").has("rolled-back")).isTrue();
    }

    private ApiServer server() {
        return server;
    }
}
