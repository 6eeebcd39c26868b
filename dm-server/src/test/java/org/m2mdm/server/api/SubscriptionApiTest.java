package org.m2mdm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.network.SubscriberProvisioning;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.server.connectivity.NetworkSimConnectivity;
import org.m2mdm.server.connectivity.ConnectivityProviders;
import org.m2mdm.server.activation.OtaTrigger;
import org.m2mdm.server.store.Stores;
import org.m2mdm.server.store.Tenant;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.synthetic.Ku;
import org.m2mdm.usim.synthetic.SyntheticCredentials;

/** Connectivity activation through the API against a real simulated network (network-sim). */
@Timeout(60)
class SubscriptionApiTest {
    private static final Plmn HOME = Plmn.parse("001-01");

    @TempDir
    Path dataDir;
    private Stores stores;
    private SimulatedNetwork network;
    private ApiServer server;
    private HttpProbe http;

    @BeforeEach
    void start() {
        stores = Stores.open(dataDir);
        network = SimulatedNetwork.builder().operator(HOME, "Home").operator(Plmn.parse("001-02"), "Other").build();
        Tenant t = stores.tenants().create("home-operator");
        ConnectivityProviders providers = NetworkSimConnectivity.forAll(network);
        OperatorApi api = OperatorApi.over(stores).operatorPlmn("001-01")
                .connectivity(providers).initialFilter("127.0.0.1:5784")
                .aasTrigger(new OtaTrigger(providers, () -> "coaps://127.0.0.1:5784", stores.audit(),
                        java.time.Clock.systemUTC()))
                .build();
        server = new ApiServer("127.0.0.1", 0, 64 * 1024, api.routes(), api.tokenVerifier());
        server.start();
        http = new HttpProbe(server.uri(), stores.tenants().issueToken(t.id()));
    }

    @AfterEach
    void stop() {
        server.close();
        network.close();
        stores.close();
    }

    private SubscriberProvisioning hss() {
        return network.provisioning(HOME);
    }

    private static String typo(String label) {
        char[] c = label.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (Character.isLetterOrDigit(c[i])) {
                char replacement = c[i] == 'A' ? 'B' : 'A';
                c[i] = replacement;
                return new String(c);
            }
        }
        throw new AssertionError(label);
    }

    @Test
    void activatesByKuAsPrintedAndStoresOnlyTheFingerprint() {
        Ku ku = Ku.generate(new SecureRandom());
        HttpProbe.Answer device = http.post("/api/v1/devices", "{\"endpoint\":\"urn:imei:ku-1\",\"ku\":\""
                + ku.toLabel() + "\"}");
        assertThat(device.status()).as(device.toString()).isEqualTo(201);
        assertThat(device.json().path("kuFingerprint").asText()).isEqualTo(ku.fingerprint());

        HttpProbe.Answer mistyped = http.post("/api/v1/subscriptions/activate-by-ku",
                "{\"ku\":\"" + typo(ku.toLabel()) + "\"}");
        assertThat(mistyped.status()).isEqualTo(400);
        assertThat(mistyped.code()).isEqualTo("ku_typo");
        assertThat(hss().subscribers()).isEmpty();

        HttpProbe.Answer ok = http.post("/api/v1/subscriptions/activate-by-ku", "{\"ku\":\"" + ku.toLabel() + "\"}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        Imsi expected = SyntheticCredentials.derive(ku, HOME).imsi();
        assertThat(ok.json().path("imsi").asText()).isEqualTo(expected.digits());
        assertThat(ok.json().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(ok.json().path("filter").asText()).isEqualTo("127.0.0.1:5784");
        assertThat(hss().find(expected).orElseThrow().state()).isEqualTo(SubscriptionState.ACTIVE);
        assertThat(ok.body()).doesNotContain(ku.toLabel());
        assertThat(stores.usimCredentials().list(stores.tenants().findByName("home-operator").orElseThrow().id()))
                .isEmpty();

        HttpProbe.Answer twice = http.post("/api/v1/subscriptions/activate-by-ku", "{\"ku\":\"" + ku.toLabel()
                + "\"}");
        assertThat(twice.code()).isEqualTo("subscription_exists");
    }

    @Test
    void unknownKuIs404() {
        HttpProbe.Answer a = http.post("/api/v1/subscriptions/activate-by-ku",
                "{\"ku\":\"" + Ku.generate(new SecureRandom()).toLabel() + "\"}");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.code()).isEqualTo("unknown_ku");
        assertThat(hss().subscribers()).isEmpty();
    }

    @Test
    void activatesByDeviceFromThePoolThenFiltersBarsAndTerminates() {
        String device = http.post("/api/v1/devices", "{\"endpoint\":\"urn:imei:pool-1\"}").json().path("id").asText();
        HttpProbe.Answer empty = http.post("/api/v1/subscriptions", "{\"deviceId\":\"" + device + "\"}");
        assertThat(empty.code()).isEqualTo("pool_exhausted");

        HttpProbe.Answer set = http.post("/api/v1/usim-credential-sets", "{\"imsi\":\"001010123456789\",\"iccid\":\""
                + Iccid.withCheckDigit("899990000000000001") + "\",\"k\":\"000102030405060708090a0b0c0d0e0f\","
                + "\"opc\":\"0f0e0d0c0b0a09080706050403020100\"}");
        assertThat(set.status()).as(set.toString()).isEqualTo(201);
        HttpProbe.Answer sub = http.post("/api/v1/subscriptions", "{\"deviceId\":\"" + device + "\"}");
        assertThat(sub.status()).as(sub.toString()).isEqualTo(201);
        String id = sub.json().path("id").asText();
        Imsi imsi = Imsi.of("001010123456789");
        assertThat(hss().find(imsi)).isPresent();
        JsonNode assigned = http.get("/api/v1/usim-credential-sets/" + set.json().path("id").asText()).json();
        assertThat(assigned.path("assignedDeviceId").asText()).isEqualTo(device);

        HttpProbe.Answer badFilter = http.put("/api/v1/subscriptions/" + id + "/filter", "{\"filter\":\"aas.local:1\"}");
        assertThat(badFilter.code()).isEqualTo("invalid_filter");
        HttpProbe.Answer filter = http.put("/api/v1/subscriptions/" + id + "/filter", "{\"filter\":\"allow-all\"}");
        assertThat(filter.json().path("filter").asText()).isEqualTo("allow-all");
        assertThat(hss().find(imsi).orElseThrow().filter().allowsAll()).isTrue();

        assertThat(http.post("/api/v1/subscriptions/" + id + "/bar", null).json().path("status").asText())
                .isEqualTo("BARRED");
        assertThat(hss().find(imsi).orElseThrow().state()).isEqualTo(SubscriptionState.BARRED);
        assertThat(http.post("/api/v1/subscriptions/" + id + "/activate", null).json().path("status").asText())
                .isEqualTo("ACTIVE");
        assertThat(http.post("/api/v1/subscriptions/" + id + "/terminate", null).json().path("status").asText())
                .isEqualTo("TERMINATED");
        assertThat(hss().find(imsi)).isEmpty();
        assertThat(http.post("/api/v1/subscriptions/" + id + "/activate", null).code())
                .isEqualTo("subscription_terminated");
    }

    @Test
    void unknownOperatorIs400() {
        String device = http.post("/api/v1/devices", "{\"endpoint\":\"urn:imei:op\"}").json().path("id").asText();
        HttpProbe.Answer a = http.post("/api/v1/subscriptions", "{\"deviceId\":\"" + device
                + "\",\"operatorPlmn\":\"999-99\"}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.code()).isEqualTo("unknown_operator");
    }

    @Test
    void loadsAnInactiveSubscriptionAndSendsTheAasTriggerToAnActiveOne() {
        Ku ku = Ku.generate(new SecureRandom());
        String device = http.post("/api/v1/devices", "{\"endpoint\":\"urn:imei:sms-1\",\"ku\":\"" + ku.toLabel()
                + "\"}").json().path("id").asText();
        HttpProbe.Answer noSub = http.post("/api/v1/devices/" + device + "/aas-trigger", null);
        assertThat(noSub.code()).isEqualTo("no_subscription");

        HttpProbe.Answer sub = http.post("/api/v1/subscriptions/activate-by-ku", "{\"ku\":\"" + ku.toLabel()
                + "\",\"state\":\"INACTIVE\"}");
        assertThat(sub.status()).as(sub.toString()).isEqualTo(201);
        assertThat(sub.json().path("status").asText()).isEqualTo("INACTIVE");
        Imsi imsi = Imsi.of(sub.json().path("imsi").asText());
        assertThat(hss().find(imsi).orElseThrow().state()).isEqualTo(SubscriptionState.INACTIVE);
        http.post("/api/v1/subscriptions/" + sub.json().path("id").asText() + "/activate", null);

        HttpProbe.Answer sent = http.post("/api/v1/devices/" + device + "/aas-trigger", "{\"validitySeconds\":60}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String smsId = sent.json().path("smsId").asText();
        assertThat(sent.json().path("imsi").asText()).isEqualTo(imsi.digits());
        HttpProbe.Answer status = http.get("/api/v1/devices/" + device + "/aas-trigger/" + smsId);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("state").asText()).isIn("PENDING", "EXPIRED");

        String other = http.post("/api/v1/devices", "{\"endpoint\":\"urn:imei:sms-2\"}").json().path("id").asText();
        assertThat(http.get("/api/v1/devices/" + other + "/aas-trigger/" + smsId).code())
                .isEqualTo("trigger_not_found");
    }
}
