package org.m2mdm.server.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SmsState;
import org.m2mdm.network.SmsSubmission;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.server.connectivity.NetworkSimConnectivity;
import org.m2mdm.server.lwm2m.Eventually;
import org.m2mdm.server.store.Stores;
import org.m2mdm.server.store.Tenant;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.aka.SqnState;
import org.m2mdm.usim.aka.UsimAuthenticator;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OtaTriggerTest {
    private static final Plmn PLMN = Plmn.of("001", "01");

    @TempDir
    Path dataDir;

    @Test
    void sendsTheAasAddressBySmsUntilTheTerminalIsThereToTakeIt() throws Exception {
        byte[] k = new byte[16];
        byte[] opc = new byte[16];
        new SecureRandom().nextBytes(k);
        new SecureRandom().nextBytes(opc);
        UsimCredentials creds = new UsimCredentials(Imsi.of("001010000000077"),
                Iccid.withCheckDigit("890101000000000077"), K.of(k), Opc.of(opc), Algorithm.MILENAGE,
                Amf.of(0x8000));
        try (SimulatedNetwork network = SimulatedNetwork.builder().operator(PLMN, "Test Op")
                .smsRetryInterval(Duration.ofMillis(100)).build(); Stores stores = Stores.open(dataDir)) {
            Tenant tenant = stores.tenants().create("op");
            NetworkSimConnectivity operator = new NetworkSimConnectivity(network.provisioning(PLMN));
            operator.createSubscription(creds, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
            OtaTrigger trigger = new OtaTrigger(NetworkSimConnectivity.forAll(network),
                    () -> "coaps://127.0.0.1:5684", stores.audit(), Clock.systemUTC());

            SmsSubmission sms = trigger.trigger(tenant.id(), PLMN, creds.imsi(), Duration.ofMinutes(1));
            assertThat(operator.smsStatus(sms.id()).state()).isEqualTo(SmsState.PENDING);

            // the terminal switches on later, attaches and receives the retransmitted trigger
            AttachResult attached = network.attach(PLMN, creds.imsi(),
                    new UsimAuthenticator(creds.k(), creds.opc(), SqnState.initial()));
            assertThat(attached).isInstanceOf(AttachResult.Attached.class);
            List<String> received = new CopyOnWriteArrayList<>();
            ((AttachResult.Attached) attached).bearer().onSms(m -> received.add(OtaTrigger.decode(m.payload())));
            Eventually.await(Duration.ofSeconds(10),
                    () -> operator.smsStatus(sms.id()).state() == SmsState.DELIVERED, () -> "SMS delivered");
            assertThat(received).contains("coaps://127.0.0.1:5684");
            assertThat(stores.audit().list(tenant.id(), 10)).anyMatch(e -> e.action().equals("aas.ota-trigger"));
        }
    }

    @Test
    void refusesAddressesThatDoNotFitATriggerAndPayloadsThatAreNotOne() {
        assertThatThrownBy(() -> OtaTrigger.encode("coaps://" + "a".repeat(200) + ":5684"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
        assertThatThrownBy(() -> OtaTrigger.encode("http://aas.example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtaTrigger.decode("hello".getBytes())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtaTrigger.decode("M2MDM BOOTSTRAP".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no AAS address");
        // the terminal's codec (mo-definitions) reads what we send
        assertThat(org.m2mdm.mo.payload.BootstrapTrigger.decode(OtaTrigger.encode("coaps://aas.m2m.local:5684"))
                .aasAddress()).contains("coaps://aas.m2m.local:5684");
        assertThat(new String(OtaTrigger.encode("coaps://127.0.0.1:5684")))
                .isEqualTo("M2MDM BOOTSTRAP aas=coaps://127.0.0.1:5684");
    }
}
