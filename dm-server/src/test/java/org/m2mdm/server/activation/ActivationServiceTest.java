package org.m2mdm.server.activation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.core.peer.PskIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.server.lwm2m.Eventually;
import org.m2mdm.server.lwm2m.OperatorSide;
import org.m2mdm.server.lwm2m.ServerRole;
import org.m2mdm.server.lwm2m.TestTerminal;
import org.m2mdm.server.store.DeviceCredential;
import org.m2mdm.server.store.DeviceState;
import org.m2mdm.server.store.NewDevice;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ActivationServiceTest {
    private static final OperatorSide.Pki PKI = new OperatorSide.Pki();
    private static final String ICCID = "8901010000000000018";

    @TempDir
    Path dataDir;

    @Test
    void bootstrapsAKnownDeviceWhichThenRegistersForBothRolesWithThePskItWasGiven() throws Exception {
        try (OperatorSide op = new OperatorSide(dataDir, PKI, new OperatorSide.Ports())) {
            String ep = "urn:imei:350000000000011";
            DeviceIdentity id = op.addDevice(ep);
            try (TestTerminal t = op.terminal(id, ICCID)) {
                t.start();
                assertThat(t.bootstrapped.await(20, TimeUnit.SECONDS)).as("bootstrap finished").isTrue();
                Eventually.await(Duration.ofSeconds(20), () -> op.directory.isRegistered(ep, ServerRole.USIM)
                        && op.directory.isRegistered(ep, ServerRole.APPLICATION), () -> "registered with both roles");

                List<DeviceCredential> creds = op.stores.deviceCredentials().forEndpoint(ep);
                assertThat(creds).extracting(DeviceCredential::serverId).containsExactly(op.server.id());
                DeviceCredential usimCred = creds.get(0);
                PskIdentity used = (PskIdentity) op.node.registration(ep).orElseThrow().getClientTransportData()
                        .getIdentity();
                assertThat(used.getPskIdentity()).isEqualTo(usimCred.pskIdentity());

                TrustPolicy policy = TrustPolicy.decode(t.trustPolicy);
                assertThat(policy.anchors()).containsExactly(PKI.provisioning.certificate());
                assertThat(t.aasAddress).isEqualTo(op.aas.address());
                // bootstrapped, then ACTIVE once registered
                Eventually.await(Duration.ofSeconds(5),
                        () -> op.stores.devices().locate(ep).orElseThrow().state() == DeviceState.ACTIVE,
                        () -> "device ACTIVE");
                Eventually.await(Duration.ofSeconds(5), () -> op.stores.audit().list(op.tenant.id(), 50).stream()
                        .map(e -> e.action()).toList()
                        .containsAll(List.of("aas.bootstrap.config", "aas.bootstrap", "lwm2m.registered")),
                        () -> "bootstrap and registration audited: " + op.stores.audit().list(op.tenant.id(), 50));
                assertThat(op.directory.states(ep)).hasSize(2);

                // the PSK never comes back: not over LwM2M (Security object), not in the audit log
                assertThat(op.apps.read(ep, "/0").success()).isFalse();
                String keyHex = java.util.HexFormat.of().formatHex(usimCred.pskKey());
                assertThat(op.stores.audit().list(op.tenant.id(), 100))
                        .allSatisfy(e -> assertThat(String.valueOf(e.detail())).doesNotContainIgnoringCase(keyHex));
            }
        }
    }

    @Test
    void refusesADeviceWhoseCertificateDoesNotChainToTheManufacturerCa() throws Exception {
        try (OperatorSide op = new OperatorSide(dataDir, PKI, new OperatorSide.Ports())) {
            String ep = "urn:imei:350000000000012";
            CertificateAuthority foreign = CertificateAuthority.createRoot("Someone Else CA", Duration.ofDays(1));
            DeviceIdentity id = foreign.issueDevice(ep);
            // known endpoint, no certificate on record: only the CA check can refuse it
            op.stores.devices().create(op.tenant.id(), new NewDevice(ep, null, null, Set.of(OperatorSide.FLEET_LABEL)));
            try (TestTerminal t = op.terminal(id, ICCID)) {
                t.start();
                assertThat(t.bootstrapped.await(4, TimeUnit.SECONDS)).as("bootstrap must not happen").isFalse();
            }
            assertThat(op.stores.deviceCredentials().forEndpoint(ep)).isEmpty();
            assertThat(op.directory.states(ep)).isEmpty();
            assertThat(op.stores.devices().locate(ep).orElseThrow().state()).isEqualTo(DeviceState.PROVISIONED);
        }
    }

    @Test
    void refusesARevokedDevice() throws Exception {
        try (OperatorSide op = new OperatorSide(dataDir, PKI, new OperatorSide.Ports())) {
            String ep = "urn:imei:350000000000013";
            DeviceIdentity id = op.addDevice(ep);
            op.stores.devices().setState(op.tenant.id(), op.deviceId(ep), DeviceState.REVOKED);
            try (TestTerminal t = op.terminal(id, ICCID)) {
                t.start();
                assertThat(t.bootstrapped.await(4, TimeUnit.SECONDS)).as("bootstrap must not happen").isFalse();
            }
            assertThat(op.stores.deviceCredentials().forEndpoint(ep)).isEmpty();
            assertThat(op.directory.states(ep)).isEmpty();
        }
    }
}
