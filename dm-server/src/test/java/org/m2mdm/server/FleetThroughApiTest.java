package org.m2mdm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.server.api.HttpProbe;
import org.m2mdm.server.lwm2m.Eventually;
import org.m2mdm.server.lwm2m.TestTerminal;
import org.m2mdm.usim.Iccid;

/**
 * The whole process driven only through the operator API: devices imported by CSV with their manufacturer
 * certificates, bootstrapped by the AAS through the demo tenant's default entry, registered with the embedded
 * management server, then commanded by jobs (LwM2M read, USIM install-and-switch from the pool) until every
 * target succeeded; the device view shows the registration and the object tree as read.
 */
@Timeout(180)
class FleetThroughApiTest {
    @TempDir
    Path dataDir;

    @Test
    void importBootstrapRegisterAndRunJobsThroughTheApi() throws Exception {
        ServerConfig config = ServerConfig.builder().dataDir(dataDir).ephemeralPorts()
                .jobs(4, 4, Duration.ofMillis(100)).jobRetries(5, Duration.ofMillis(200), Duration.ofSeconds(2))
                .usimFollowTimeout(Duration.ofSeconds(20)).build();
        List<TestTerminal> terminals = new ArrayList<>();
        try (DmServer server = DmServer.start(config)) {
            HttpProbe http = new HttpProbe(server.httpUri().orElseThrow(),
                    Files.readString(server.apiTokenFile()).trim());
            StringBuilder csv = new StringBuilder("endpoint,labels,certificatePem\n");
            List<DeviceIdentity> identities = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                DeviceIdentity id = server.pki().manufacturerCa().issueDevice("urn:imei:35000000000000" + i);
                identities.add(id);
                csv.append(id.endpoint()).append(",demo;meters,\"")
                        .append(Pem.encodeCertificates(id.certificateChain())).append("\"\n");
            }
            HttpProbe.Answer imported = http.send("POST", "/api/v1/devices/import", csv.toString(), "text/csv");
            assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
            List<String> deviceIds = imported.json().path("devices").findValuesAsText("id");
            assertThat(deviceIds).hasSize(2);

            for (int i = 0; i < identities.size(); i++) {
                TestTerminal t = new TestTerminal(identities.get(i), server.bootstrapUri().orElseThrow(),
                        server.pki().activationServer().certificate(),
                        Iccid.withCheckDigit("89880000000000000" + i).digits());
                terminals.add(t);
                t.start();
            }
            for (String id : deviceIds) {
                Eventually.await(Duration.ofSeconds(60), () -> http.get("/api/v1/devices/" + id).json()
                        .path("registrations").size() > 0, () -> "device " + id + " registered");
            }
            JsonNode device = http.get("/api/v1/devices/" + deviceIds.get(0)).json();
            assertThat(device.at("/registrations/0/role").asText()).isIn("USIM", "APPLICATION");
            assertThat(device.at("/device/state").asText()).isIn("BOOTSTRAPPED", "ACTIVE");

            String read = http.post("/api/v1/jobs", "{\"type\":\"LWM2M_READ\",\"spec\":{\"path\":\"/3/0\"},"
                    + "\"label\":\"meters\"}").json().at("/job/id").asText();
            awaitSucceeded(http, read, 2);
            JsonNode tree = http.get("/api/v1/devices/" + deviceIds.get(1)).json();
            assertThat(tree.path("objectTree").isMissingNode() || tree.path("objectTree").isNull()).isFalse();
            assertThat(tree.path("objectTree").toString()).contains("m2mdm-test");

            for (int i = 1; i <= 2; i++) {
                HttpProbe.Answer set = http.post("/api/v1/usim-credential-sets", "{\"imsi\":\"00101000000010" + i
                        + "\",\"iccid\":\"" + Iccid.withCheckDigit("89001010000000010" + i) + "\",\"k\":\""
                        + "000102030405060708090a0b0c0d0e0f\",\"opc\":\"0f0e0d0c0b0a09080706050403020100\"}");
                assertThat(set.status()).as(set.toString()).isEqualTo(201);
            }
            HttpProbe.Answer install = http.post("/api/v1/jobs", "{\"type\":\"INSTALL_USIM_PROFILE_AND_SWITCH\","
                    + "\"spec\":{\"operatorPlmn\":\"001-01\"},\"label\":\"demo\"}");
            assertThat(install.status()).as(install.toString()).isEqualTo(201);
            awaitSucceeded(http, install.json().at("/job/id").asText(), 2);
            assertThat(terminals).allSatisfy(t -> assertThat(t.activeIccid()).startsWith("89001010000000010"));
            for (String id : deviceIds) {
                Eventually.await(Duration.ofSeconds(10), () -> http.get("/api/v1/devices/" + id).json()
                        .at("/device/state").asText().equals("ACTIVE"), () -> "device " + id + " ACTIVE");
            }
        } finally {
            terminals.forEach(TestTerminal::close);
        }
    }

    private static void awaitSucceeded(HttpProbe http, String jobId, int expected) {
        Eventually.await(Duration.ofSeconds(90), () -> {
            JsonNode counts = http.get("/api/v1/jobs/" + jobId).json().path("counts");
            if (counts.path("failed").asLong() > 0 || counts.path("rolled-back").asLong() > 0) {
                throw new AssertionError("job " + jobId + " did not succeed: " + http.get("/api/v1/jobs/" + jobId));
            }
            return counts.path("succeeded").asLong() == expected;
        }, () -> "job " + jobId + " succeeded for " + expected + " devices: " + http.get("/api/v1/jobs/" + jobId));
    }
}
