package org.m2mdm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.server.api.HttpProbe;

/** The whole process on ephemeral ports: every role, first-start files, restart on the same data directory. */
@Timeout(120)
class DmServerTest {
    @TempDir
    Path dataDir;

    private ServerConfig config() {
        return ServerConfig.builder().dataDir(dataDir).ephemeralPorts().build();
    }

    @Test
    void startsEveryRoleAndCreatesTheDemoTenantTokenAndPkiOnce() throws Exception {
        String token;
        try (DmServer server = DmServer.start(config())) {
            assertThat(server.isFirstStart()).isTrue();
            assertThat(server.httpUri()).isPresent();
            assertThat(server.bootstrapUri().orElseThrow().getScheme()).isEqualTo("coaps");
            assertThat(server.usimServerUri()).isPresent();
            assertThat(server.applicationServerUri()).isPresent();
            assertThat(server.jobEngine()).isPresent();
            assertThat(server.network().orElseThrow().visibleNetworks()).hasSize(2);

            Path tokenFile = server.apiTokenFile();
            assertThat(Files.getPosixFilePermissions(tokenFile))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            token = Files.readString(tokenFile).trim();
            HttpProbe http = new HttpProbe(server.httpUri().orElseThrow(), token);
            assertThat(http.get("/api/v1/tenant").json().path("name").asText()).isEqualTo("demo");
            JsonNode servers = http.get("/api/v1/management-servers").json();
            assertThat(servers).hasSize(1);
            assertThat(servers.get(0).path("role").asText()).isEqualTo("BOTH");
            assertThat(server.usimServerUri()).isEqualTo(server.applicationServerUri());
            JsonNode entries = http.get("/api/v1/activation-entries").json();
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).path("label").asText()).isEqualTo(DmServer.DEMO_LABEL);
            assertThat(entries.get(0).path("usimServerId").asText()).isEqualTo(servers.get(0).path("id").asText());
            assertThat(servers.findValuesAsText("uri")).allMatch(u -> u.startsWith("coaps://127.0.0.1:"));

            Path pki = server.dataDirectory().pki();
            assertThat(pki.resolve("manufacturer-ca.pem")).exists();
            assertThat(Files.readString(pki.resolve("manufacturer-ca.key.pem"))).contains("ENCRYPTED PRIVATE KEY");
            assertThat(pki.resolve("servers/usim-management.key.pem")).exists();
        }
        byte[] caBefore = Files.readAllBytes(dataDir.resolve("pki/provisioning-root.pem"));
        try (DmServer again = DmServer.start(config())) {
            assertThat(again.isFirstStart()).isFalse();
            assertThat(Files.readString(again.apiTokenFile()).trim()).isEqualTo(token);
            HttpProbe http = new HttpProbe(again.httpUri().orElseThrow(), token);
            assertThat(http.get("/api/v1/tenant").status()).isEqualTo(200);
            assertThat(http.get("/api/v1/management-servers").json()).hasSize(1);
            assertThat(again.stores().tenants().list()).hasSize(1);
            assertThat(http.get("/api/v1/activation-entries").json()).hasSize(1);
        }
        assertThat(Files.readAllBytes(dataDir.resolve("pki/provisioning-root.pem"))).isEqualTo(caBefore);
    }

    @Test
    void rolesCanBeSwitchedOff() {
        ServerConfig apiOnly = config().toBuilder().roles(java.util.EnumSet.of(ServerConfig.Role.API)).build();
        try (DmServer server = DmServer.start(apiOnly)) {
            assertThat(server.httpUri()).isPresent();
            assertThat(server.bootstrapUri()).isEmpty();
            assertThat(server.usimServerUri()).isEmpty();
            assertThat(server.jobEngine()).isEmpty();
            assertThat(server.network()).isEmpty();
        }
    }
}
