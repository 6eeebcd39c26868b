package org.m2mdm.server.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.mo.Models;
import org.m2mdm.server.store.DeviceCredential;

/** The PSK the AAS gives a device works for that device's endpoint only. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PskRegistrationTest {
    private static final OperatorSide.Pki PKI = new OperatorSide.Pki();

    @TempDir
    Path dataDir;

    @Test
    void refusesARegistrationUnderAnotherEndpointWithADevicesPsk() throws Exception {
        try (OperatorSide op = new OperatorSide(dataDir, PKI, new OperatorSide.Ports())) {
            String a = "urn:imei:354000000000001";
            String b = "urn:imei:354000000000002";
            try (TestTerminal t = op.terminal(op.addDevice(a), "8901010000000000018")) {
                op.addDevice(b);
                t.start();
                Eventually.await(Duration.ofSeconds(30), () -> op.directory.isRegistered(a, ServerRole.USIM),
                        () -> "A registered");
                DeviceCredential cred = op.stores.deviceCredentials().forEndpoint(a).get(0);

                // B presents A's (valid) PSK identity and key
                ObjectsInitializer init = new ObjectsInitializer(new StaticModel(Models.all()));
                init.setInstancesForObject(LwM2mId.SECURITY, Security.psk(op.node.coapsUri().toString(),
                        op.server.shortServerId(), cred.pskIdentity().getBytes(StandardCharsets.UTF_8),
                        cred.pskKey()));
                init.setInstancesForObject(LwM2mId.SERVER, new Server(op.server.shortServerId(), 60));
                init.setInstancesForObject(LwM2mId.DEVICE, new Device("x", "y", "z"));
                LeshanClientBuilder cb = new LeshanClientBuilder(b);
                cb.setObjects(init.createAll());
                cb.setEndpointsProviders(new CaliforniumClientEndpointsProvider.Builder(
                        new CoapsClientProtocolProvider()).setClientAddress(InetAddress.getLoopbackAddress()).build());
                LeshanClient impostor = cb.build();
                CountDownLatch refused = new CountDownLatch(1);
                AtomicReference<ResponseCode> code = new AtomicReference<>();
                impostor.addObserver(new LwM2mClientObserverAdapter() {
                    @Override
                    public void onRegistrationFailure(LwM2mServer server, RegisterRequest request,
                            ResponseCode responseCode, String errorMessage, Exception cause) {
                        code.set(responseCode);
                        refused.countDown();
                    }
                });
                impostor.start();
                try {
                    assertThat(refused.await(20, TimeUnit.SECONDS)).as("registration refused").isTrue();
                    assertThat(code.get()).isEqualTo(ResponseCode.FORBIDDEN);
                    assertThat(op.directory.states(b)).isEmpty();
                } finally {
                    impostor.destroy(false);
                }
            }
        }
    }
}
