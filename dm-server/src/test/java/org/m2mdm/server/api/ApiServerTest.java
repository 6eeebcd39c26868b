package org.m2mdm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.m2mdm.server.StartupException;

@Timeout(30)
class ApiServerTest {
    record Greeting(String name, int count) {
    }

    private ApiServer server;
    private HttpProbe http;

    @BeforeEach
    void start() {
        List<Route> routes = List.of(
                Route.get("/api/v1/things/{id}", "getThing", "one thing",
                        r -> ApiResponse.ok(Map.of("id", r.pathParam("id"), "tenant", r.tenantId()))),
                Route.get("/api/v1/things/special", "getSpecial", "the special thing",
                        r -> ApiResponse.ok(Map.of("special", true))),
                Route.post("/api/v1/greetings", "greet", "echo a greeting",
                        r -> ApiResponse.ok(r.body(Greeting.class))).types(Greeting.class, Greeting.class),
                Route.get("/api/v1/boom", "boom", "fails", r -> {
                    throw new IllegalStateException("secret detail");
                }));
        TokenVerifier tokens = t -> t.equals("good") ? Optional.of(new Caller("t1", "tenant one")) : Optional.empty();
        server = new ApiServer("127.0.0.1", 0, 2048, routes, tokens);
        server.start();
        http = new HttpProbe(server.uri(), "good");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void dispatchesWithPathParametersAndCaller() {
        HttpProbe.Answer a = http.get("/api/v1/things/42");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("id").asText()).isEqualTo("42");
        assertThat(a.json().path("tenant").asText()).isEqualTo("t1");
    }

    @Test
    void literalSegmentBeatsParameter() {
        assertThat(http.get("/api/v1/things/special").json().path("special").asBoolean()).isTrue();
    }

    @Test
    void unknownRouteIsJson404() {
        HttpProbe.Answer a = http.get("/api/v1/nope");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.code()).isEqualTo("no_such_route");
        HttpProbe.Answer outside = http.get("/elsewhere");
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.code()).isEqualTo("not_found");
    }

    @Test
    void wrongMethodIs405WithAllow() {
        HttpProbe.Answer a = http.delete("/api/v1/greetings");
        assertThat(a.status()).isEqualTo(405);
        assertThat(a.code()).isEqualTo("method_not_allowed");
        assertThat(a.allow()).isEqualTo("POST");
    }

    @Test
    void missingOrWrongTokenIs401() {
        HttpProbe.Answer missing = http.as(null).get("/api/v1/things/1");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.code()).isEqualTo("missing_token");
        HttpProbe.Answer wrong = http.as("bad").get("/api/v1/things/1");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("invalid_token");
    }

    @Test
    void malformedJsonIs400NamingThePosition() {
        HttpProbe.Answer a = http.post("/api/v1/greetings", "{\"name\": \"x\",\n \"count\": }");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.code()).isEqualTo("malformed_json");
        assertThat(a.json().path("message").asText()).contains("line 2");
    }

    @Test
    void unknownFieldAndWrongTypeAre400() {
        assertThat(http.post("/api/v1/greetings", "{\"name\":\"x\",\"count\":1,\"k\":\"00\"}").code())
                .isEqualTo("unknown_field");
        assertThat(http.post("/api/v1/greetings", "{\"name\":\"x\",\"count\":\"many\"}").code())
                .isEqualTo("invalid_field");
        assertThat(http.post("/api/v1/greetings", "").code()).isEqualTo("missing_body");
    }

    @Test
    void wrongContentTypeIs415() {
        HttpProbe.Answer a = http.send("POST", "/api/v1/greetings", "name,count", "text/csv");
        assertThat(a.status()).isEqualTo(415);
        assertThat(a.code()).isEqualTo("unsupported_media_type");
    }

    @Test
    void oversizedBodyIs413() {
        String big = "{\"name\":\"" + "x".repeat(5000) + "\",\"count\":1}";
        HttpProbe.Answer a = http.post("/api/v1/greetings", big);
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.code()).isEqualTo("body_too_large");
    }

    @Test
    void unexpectedFailureIs500WithoutDetail() {
        HttpProbe.Answer a = http.get("/api/v1/boom");
        assertThat(a.status()).isEqualTo(500);
        assertThat(a.code()).isEqualTo("internal_error");
        assertThat(a.body()).doesNotContain("secret detail");
    }

    @Test
    void servesOpenApiWithoutTokenAndPortalPage() {
        HttpProbe.Answer doc = http.as(null).get(ApiServer.OPENAPI_PATH);
        assertThat(doc.status()).isEqualTo(200);
        JsonNode json = doc.json();
        assertThat(json.path("openapi").asText()).startsWith("3.");
        assertThat(json.path("paths").has("/api/v1/things/{id}")).isTrue();
        assertThat(json.at("/components/schemas/Greeting/properties/count/type").asText()).isEqualTo("integer");
        HttpProbe.Answer portal = http.as(null).get("/");
        assertThat(portal.status()).isEqualTo(200);
        assertThat(portal.contentType()).startsWith("text/html");
    }

    @Test
    void portInUseIsAClearStartupError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ApiServer second = new ApiServer("127.0.0.1", taken.getLocalPort(), 1024, List.of(), t -> Optional.empty());
            assertThatThrownBy(second::start).isInstanceOf(StartupException.class)
                    .hasMessageContaining("already in use").hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
    }
}
