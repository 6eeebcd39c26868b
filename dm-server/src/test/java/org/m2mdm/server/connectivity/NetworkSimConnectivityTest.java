package org.m2mdm.server.connectivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.network.AttachResult;
import org.m2mdm.network.Bearer;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.RejectCause;
import org.m2mdm.network.SmsState;
import org.m2mdm.network.SmsSubmission;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.server.store.DatabaseConfig;
import org.m2mdm.server.store.NewDevice;
import org.m2mdm.server.store.NewUsimCredentialSet;
import org.m2mdm.server.store.SecretCipher;
import org.m2mdm.server.store.Stores;
import org.m2mdm.server.store.Tenant;
import org.m2mdm.server.store.UsimCredentialSet;
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

/** The adapter against a real SimulatedNetwork: terminals really attach (AKA) or are refused. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkSimConnectivityTest {
    private static final Plmn HOME = Plmn.of("001", "01");
    private static final Plmn OTHER = Plmn.of("001", "02");
    private static final InetSocketAddress AAS = new InetSocketAddress("127.0.0.1", 5783);

    @TempDir
    Path dir;
    SimulatedNetwork network;
    ConnectivityProvider home;
    UsimCredentials creds;

    @BeforeEach
    void setUp() {
        network = SimulatedNetwork.builder().operator(HOME, "Home Mobile").operator(OTHER, "Other Mobile")
                .smsRetryInterval(Duration.ofMillis(50)).build();
        home = new NetworkSimConnectivity(network.provisioning(HOME));
        creds = credentials(1);
    }

    @AfterEach
    void tearDown() {
        network.close();
    }

    @Test
    void credentialsStoredEncryptedAreLoadedIntoTheHssAndTheTerminalAttachesOnceActivated() {
        UsimCredentials fromStore;
        try (Stores stores = Stores.open(DatabaseConfig.embedded(dir), SecretCipher.load(Stores.masterKeyFile(dir)),
                Clock.systemUTC())) {
            Tenant t = stores.tenants().create("home");
            stores.devices().create(t.id(), new NewDevice("urn:imei:1", null, null, null));
            UsimCredentialSet set = stores.usimCredentials().create(t.id(), NewUsimCredentialSet.of(creds, HOME));
            fromStore = stores.usimCredentials().credentials(t.id(), set.id()).orElseThrow();
        }
        assertThat(fromStore).isEqualTo(creds);

        home.createSubscription(fromStore, SubscriptionState.INACTIVE, DestinationFilter.only(AAS));
        assertThat(attach(creds)).isInstanceOfSatisfying(AttachResult.Rejected.class,
                r -> assertThat(r.cause()).isEqualTo(RejectCause.NOT_ALLOWED));

        home.activate(creds.imsi());
        AttachResult attached = attach(creds);
        assertThat(attached).isInstanceOf(AttachResult.Attached.class);
        assertThat(home.isAttached(creds.imsi())).isTrue();
        assertThat(home.find(creds.imsi())).hasValueSatisfying(v -> {
            assertThat(v.state()).isEqualTo(SubscriptionState.ACTIVE);
            assertThat(v.filter().permits(AAS)).isTrue();
        });
        ((AttachResult.Attached) attached).bearer().close();
    }

    @Test
    void barAndTerminateStopTheTerminalFromAttaching() {
        home.createSubscription(creds, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
        Bearer bearer = ((AttachResult.Attached) attach(creds)).bearer();
        home.bar(creds.imsi());
        assertThat(bearer.isOpen()).isFalse();
        assertThat(attach(creds)).isInstanceOfSatisfying(AttachResult.Rejected.class,
                r -> assertThat(r.cause()).isEqualTo(RejectCause.NOT_ALLOWED));

        home.terminate(creds.imsi());
        assertThat(home.find(creds.imsi())).isEmpty();
        assertThat(attach(creds)).isInstanceOfSatisfying(AttachResult.Rejected.class,
                r -> assertThat(r.cause()).isEqualTo(RejectCause.UNKNOWN_IMSI));
    }

    @Test
    void theFilterCanBeOpenedUpAfterInitialConnectivity() {
        home.createSubscription(creds, SubscriptionState.ACTIVE, DestinationFilterText.parse("127.0.0.1:5783"));
        home.setFilter(creds.imsi(), DestinationFilterText.parse(DestinationFilterText.ALLOW_ALL));
        assertThat(home.find(creds.imsi()).orElseThrow().filter().allowsAll()).isTrue();
    }

    @Test
    void duplicateAndUnknownSubscribersGetSpecificErrors() {
        home.createSubscription(creds, SubscriptionState.INACTIVE, DestinationFilter.allowAll());
        assertThatThrownBy(() -> home.createSubscription(creds, SubscriptionState.ACTIVE, DestinationFilter.allowAll()))
                .isInstanceOf(SubscriptionExistsException.class).hasMessageContaining(creds.imsi().digits())
                .hasMessageNotContaining("K[").satisfies(e -> assertThat(e.getMessage()).doesNotContain(hex(creds.k().bytes())));
        Imsi unknown = credentials(2).imsi();
        assertThatThrownBy(() -> home.activate(unknown)).isInstanceOf(UnknownSubscriberException.class)
                .hasMessageContaining(unknown.digits());
        assertThatThrownBy(() -> home.bar(unknown)).isInstanceOf(UnknownSubscriberException.class);
        assertThatThrownBy(() -> home.setFilter(unknown, DestinationFilter.allowAll())).isInstanceOf(UnknownSubscriberException.class);
        assertThatThrownBy(() -> home.terminate(unknown)).isInstanceOf(UnknownSubscriberException.class);
    }

    @Test
    void dnsRecordsAreResolvedInTheOperatorsNetwork() {
        home.createSubscription(creds, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
        home.putDnsRecord("aas.m2mdm.test", AAS);
        try (Bearer bearer = ((AttachResult.Attached) attach(creds)).bearer()) {
            assertThat(bearer.resolve("aas.m2mdm.test")).contains(AAS);
        }
    }

    @Test
    void anSmsReachesTheAttachedTerminalAndItsStatusIsFollowed() throws Exception {
        home.createSubscription(creds, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
        List<byte[]> received = new CopyOnWriteArrayList<>();
        try (Bearer bearer = ((AttachResult.Attached) attach(creds)).bearer()) {
            bearer.onSms(m -> received.add(m.payload()));
            SmsSubmission sms = home.sendSms(creds.imsi(), "coaps://127.0.0.1:5783".getBytes(StandardCharsets.US_ASCII),
                    Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (home.smsStatus(sms.id()).state() != SmsState.DELIVERED && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(home.smsStatus(sms.id()).state()).isEqualTo(SmsState.DELIVERED);
            assertThat(received).singleElement().satisfies(p -> assertThat(new String(p, StandardCharsets.US_ASCII))
                    .isEqualTo("coaps://127.0.0.1:5783"));
        }
    }

    @Test
    void oneProviderPerOperatorOfTheNetwork() {
        ConnectivityProviders all = NetworkSimConnectivity.forAll(network);
        assertThat(all.all()).extracting(ConnectivityProvider::plmn).containsExactlyInAnyOrder(HOME, OTHER);
        assertThat(all.require(OTHER).plmn()).isEqualTo(OTHER);
        assertThatThrownBy(() -> all.require(Plmn.of("999", "99"))).hasMessageContaining("999-99").hasMessageContaining("001-01");
        assertThatThrownBy(() -> ConnectivityProviders.of(List.of(home, home))).hasMessageContaining("two connectivity providers");
    }

    private AttachResult attach(UsimCredentials c) {
        return network.attach(HOME, c.imsi(), new UsimAuthenticator(c.k(), c.opc(), SqnState.initial()));
    }

    private static UsimCredentials credentials(int n) {
        byte[] k = new byte[16];
        byte[] opc = new byte[16];
        SecureRandom random = new SecureRandom();
        random.nextBytes(k);
        random.nextBytes(opc);
        return new UsimCredentials(Imsi.of(HOME, String.format("%010d", n)), Iccid.withCheckDigit(String.format("8988211%012d", n)),
                K.of(k), Opc.of(opc), Algorithm.MILENAGE, Amf.SEPARATION_BIT);
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
