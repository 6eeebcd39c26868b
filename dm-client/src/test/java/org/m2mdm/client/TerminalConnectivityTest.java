package org.m2mdm.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.client.profiles.ProfileOrigin;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.mo.ApnConnectionProfileResources;
import org.m2mdm.mo.CellularConnectivityResources;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.RspResources;
import org.m2mdm.mo.SimProvisioningResources;
import org.m2mdm.mo.UsimProfileResources;
import org.m2mdm.mo.payload.UsimProfilePayload;
import org.m2mdm.mo.payload.BootstrapTrigger;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SmsState;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.synthetic.Ku;
import org.m2mdm.usim.synthetic.SyntheticCredentials;

/** Synthetic credentials, DTLS-PSK management, fallback when the network bars the profile, RSP delete/disable. */
@Timeout(60)
class TerminalConnectivityTest extends TerminalOnTestBed {

    @Test
    void syntheticTerminalFindsTheOperatorThatKnowsItsKu(@TempDir Path dir) throws Exception {
        Ku ku = Ku.generate(new SecureRandom());
        // Only operator B has loaded f(Ku) into its AuC.
        bed.network.provisioning(TestBed.OP_B).createSubscription(SyntheticCredentials.derive(ku, TestBed.OP_B),
                SubscriptionState.ACTIVE, DestinationFilter.only(bed.bsAddress, bed.dmAddress));
        TestBed.Device d = bed.new Device(dir, Optional.of(ku), false);
        terminal = d.terminal().build();
        terminal.start();
        d.awaitRegistration(Duration.ofSeconds(20));

        StoredProfile p = terminal.currentProfile().orElseThrow();
        assertThat(p.origin()).isEqualTo(ProfileOrigin.SYNTHETIC);
        assertThat(p.operatorPlmn()).isEqualTo(TestBed.OP_B);
        assertThat(terminal.profiles()).hasSize(1);
        assertThat(((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.USIM_PROFILE, 0, UsimProfileResources.ORIGIN))
                .getContent()).getValue()).isEqualTo("synthetic");
    }

    @Test
    void registersWithAManagementServerOverDtlsPsk(@TempDir Path dir) throws Exception {
        TestBed.Device d = bed.new Device(dir, Optional.empty(), true);
        terminal = d.terminal().build();
        terminal.start();
        Registration r = d.awaitRegistration(Duration.ofSeconds(20));
        assertThat(r.getClientTransportData().getIdentity().toString()).contains("psk-" + d.endpoint);
        assertThat(d.send(new ReadRequest(ObjectIds.RSP, 0)).isSuccess()).isTrue();
    }

    @Test
    void usesTheFallbackProfileWhenTheNetworkBarsTheEnabledOne(@TempDir Path dir) throws Exception {
        TestBed.Device d = startLegacy(dir);
        UsimProfilePayload fallback = bed.newProfile(TestBed.OP_B, true);
        install(d, fallback);
        assertThat(terminal.selection().fallback()).contains(Iccid.of(fallback.iccid()));

        bed.network.provisioning(TestBed.OP_A).bar(d.factoryProfile.imsi());

        d.awaitRegistration(Duration.ofSeconds(20));
        assertThat(terminal.awaitRegistered(Duration.ofSeconds(10))).isTrue();
        assertThat(terminal.selection().enabled()).contains(Iccid.of(fallback.iccid()));
        assertThat(terminal.bearer().get().plmn()).isEqualTo(TestBed.OP_B);
        assertThat(terminal.profiles()).as("the barred profile is kept").hasSize(2);
    }

    @Test
    void rspRefusesToDeleteOrDisableTheEnabledProfileButDeletesADisabledOne(@TempDir Path dir) throws Exception {
        TestBed.Device d = startLegacy(dir);
        UsimProfilePayload spare = bed.newProfile(TestBed.OP_B, false);
        install(d, spare);

        select(d, d.factoryProfile.iccid().digits());
        execute(d, RspResources.ACTION_DELETE);
        assertThat(awaitResult(d)).isEqualTo(RspResources.RESULT_DELETE_FAILED);
        execute(d, RspResources.ACTION_DISABLE);
        assertThat(awaitResult(d)).isEqualTo(RspResources.RESULT_DISABLE_FAILED);
        assertThat(terminal.profiles()).hasSize(2);

        select(d, spare.iccid());
        execute(d, RspResources.ACTION_DELETE);
        assertThat(awaitResult(d)).isEqualTo(RspResources.RESULT_SUCCESS);
        assertThat(terminal.profiles()).extracting(StoredProfile::iccid).containsExactly(d.factoryProfile.iccid());

        WriteResponse unknown = d.send(new WriteRequest(ObjectIds.RSP, 0, RspResources.SELECTED_ICCID, spare.iccid()));
        assertThat(unknown.isFailure()).as("a deleted ICCID cannot be selected").isTrue();
    }

    @Test
    void apnProfilesAreValidOnlyOnTheirNetworks(@TempDir Path dir) throws Exception {
        TestBed.Device d = startLegacy(dir);
        assertThat(d.send(new CreateRequest(ObjectIds.APN_CONNECTION_PROFILE, new LwM2mObjectInstance(0,
                LwM2mSingleResource.newStringResource(ApnConnectionProfileResources.PROFILE_NAME, "op-a"),
                LwM2mSingleResource.newStringResource(ApnConnectionProfileResources.APN, "m2m.op-a"),
                LwM2mSingleResource.newIntegerResource(ApnConnectionProfileResources.AUTHENTICATION_TYPE, 3),
                new LwM2mMultipleResource(ApnConnectionProfileResources.VALIDITY, Type.STRING,
                        LwM2mResourceInstance.newStringInstance(0, "001,01"))))).isSuccess()).isTrue();
        assertThat(d.send(new CreateRequest(ObjectIds.APN_CONNECTION_PROFILE, new LwM2mObjectInstance(1,
                LwM2mSingleResource.newStringResource(ApnConnectionProfileResources.PROFILE_NAME, "op-b"),
                LwM2mSingleResource.newStringResource(ApnConnectionProfileResources.APN, "m2m.op-b"),
                LwM2mSingleResource.newIntegerResource(ApnConnectionProfileResources.AUTHENTICATION_TYPE, 3),
                new LwM2mMultipleResource(ApnConnectionProfileResources.VALIDITY, Type.STRING,
                        LwM2mResourceInstance.newStringInstance(0, "002,02"))))).isSuccess()).isTrue();

        LwM2mMultipleResource active = (LwM2mMultipleResource) d.send(new ReadRequest(ObjectIds.CELLULAR_CONNECTIVITY, 0,
                CellularConnectivityResources.ACTIVATED_PROFILE_NAMES)).getContent();
        assertThat(active.getInstances().values()).extracting(LwM2mResourceInstance::getValue)
                .containsExactly(new ObjectLink(ObjectIds.APN_CONNECTION_PROFILE, 0));
        assertThat(((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.APN_CONNECTION_PROFILE, 1,
                ApnConnectionProfileResources.APN)).getContent()).getValue()).isEqualTo("m2m.op-b");
    }

    @Test
    void pullsAProfilePackageFromACoapUriThroughTheBearer(@TempDir Path dir) throws Exception {
        TestBed.Device d = startLegacy(dir);
        UsimProfilePayload fresh = bed.newProfile(TestBed.OP_B, false);
        byte[] envelope = d.seal(bed.usimServer, PayloadType.USIM_PROFILE, fresh.encode());
        Configuration cfg = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        CoapServer files = new CoapServer(cfg);
        files.addEndpoint(new CoapEndpoint.Builder().setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .setConfiguration(cfg).build());
        CoapResource profilesResource = new CoapResource("profiles");
        profilesResource.add(new CoapResource("p1") {
            @Override
            public void handleGET(CoapExchange exchange) {
                exchange.respond(CoAP.ResponseCode.CONTENT, envelope, MediaTypeRegistry.APPLICATION_OCTET_STREAM);
            }
        });
        files.add(profilesResource);
        files.start();
        try {
            InetSocketAddress filesAddress = new InetSocketAddress("127.0.0.1",
                    files.getEndpoints().get(0).getAddress().getPort());
            bed.network.provisioning(TestBed.OP_A).putDnsRecord("files.m2m.local", filesAddress);
            bed.network.provisioning(TestBed.OP_A).setFilter(d.factoryProfile.imsi(),
                    DestinationFilter.only(bed.bsAddress, bed.dmAddress, filesAddress));
            assertThat(envelope.length).as("large enough for block-wise transfer").isGreaterThan(1024);

            assertThat(d.send(new WriteRequest(ObjectIds.SIM_PROVISIONING, 0, SimProvisioningResources.PROFILE_URI,
                    "coap://files.m2m.local/profiles/p1")).isSuccess()).isTrue();
            assertThat(await505State(d, SimProvisioningResources.STATE_DOWNLOADED)).isTrue();
            assertThat(d.send(new ExecuteRequest(ObjectIds.SIM_PROVISIONING, 0, SimProvisioningResources.UPDATE_PROFILE))
                    .isSuccess()).isTrue();
            assertThat(terminal.profiles()).extracting(p -> p.iccid().digits()).contains(fresh.iccid());

            WriteResponse https = d.send(new WriteRequest(ObjectIds.SIM_PROVISIONING, 0, SimProvisioningResources.PROFILE_URI,
                    "https://files.m2m.local/p1"));
            assertThat(https.isFailure()).isTrue();
            assertThat((Long) ((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.SIM_PROVISIONING, 0,
                    SimProvisioningResources.UPDATE_RESULT)).getContent()).getValue())
                    .isEqualTo(SimProvisioningResources.RESULT_UNSUPPORTED_PROTOCOL);
        } finally {
            files.destroy();
        }
    }

    private boolean await505State(TestBed.Device d, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            long state = (Long) ((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.SIM_PROVISIONING, 0,
                    SimProvisioningResources.UPDATE_STATE)).getContent()).getValue();
            if (state == expected) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void bootstrapsAgainWhenTheAasSendsATriggerSms(@TempDir Path dir) throws Exception {
        TestBed.Device d = bed.new Device(dir);
        java.util.concurrent.atomic.AtomicInteger bootstraps = new java.util.concurrent.atomic.AtomicInteger();
        terminal = d.terminal().listener(new TerminalListener() {
            @Override
            public void bootstrapped() {
                bootstraps.incrementAndGet();
            }
        }).build();
        terminal.start();
        d.awaitRegistration(Duration.ofSeconds(20));
        assertThat(bootstraps.get()).isEqualTo(1);

        var sms = bed.network.provisioning(TestBed.OP_A).sendSms(d.factoryProfile.imsi(),
                BootstrapTrigger.to("coaps://" + TestBed.AAS_NAME).encode(), Duration.ofMinutes(1));

        d.awaitRegistration(Duration.ofSeconds(20));
        assertThat(bootstraps.get()).isEqualTo(2);
        assertThat(bed.network.provisioning(TestBed.OP_A).smsStatus(sms.id()).state()).isEqualTo(SmsState.DELIVERED);
    }

    @Test
    void terminalWithoutAnAasWaitsForTheTriggerSmsThenBootstrapsAndKeepsTheAddress(@TempDir Path dir) throws Exception {
        TestBed.Device d = bed.new Device(dir, Optional.empty(), false, "");
        terminal = d.terminal().build();
        terminal.start();
        assertThat(terminal.state()).isEqualTo(TerminalState.AWAITING_TRIGGER);

        var operator = bed.network.provisioning(TestBed.OP_A);
        var sms = operator.sendSms(d.factoryProfile.imsi(), BootstrapTrigger.to("coaps://" + TestBed.AAS_NAME).encode(),
                Duration.ofMinutes(1));
        d.awaitRegistration(Duration.ofSeconds(20));
        assertThat(operator.smsStatus(sms.id()).state()).isEqualTo(SmsState.DELIVERED);

        // The address learnt from the trigger survives a restart: no second trigger is needed.
        terminal.stop();
        terminal = d.terminal().build();
        terminal.start();
        assertThat(terminal.state()).isNotEqualTo(TerminalState.AWAITING_TRIGGER);
        d.awaitRegistration(Duration.ofSeconds(20));
    }

    private TestBed.Device startLegacy(Path dir) throws Exception {
        TestBed.Device d = bed.new Device(dir);
        terminal = d.terminal().build();
        terminal.start();
        d.awaitRegistration(Duration.ofSeconds(20));
        return d;
    }

    private void install(TestBed.Device d, UsimProfilePayload p) throws Exception {
        assertThat(d.send(new WriteRequest(ContentFormat.OPAQUE, ObjectIds.SIM_PROVISIONING, 0,
                SimProvisioningResources.PROFILE_PACKAGE, d.seal(bed.usimServer, PayloadType.USIM_PROFILE, p.encode())))
                .isSuccess()).isTrue();
        assertThat(d.send(new ExecuteRequest(ObjectIds.SIM_PROVISIONING, 0, SimProvisioningResources.UPDATE_PROFILE))
                .isSuccess()).isTrue();
    }

    private void select(TestBed.Device d, String iccid) throws Exception {
        assertThat(d.send(new WriteRequest(ObjectIds.RSP, 0, RspResources.SELECTED_ICCID, iccid)).isSuccess()).isTrue();
    }

    private void execute(TestBed.Device d, int action) throws Exception {
        assertThat(d.send(new ExecuteRequest(ObjectIds.RSP, 0, RspResources.RSP_UPDATE, Integer.toString(action)))
                .isSuccess()).isTrue();
    }

    private long awaitResult(TestBed.Device d) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            long state = (Long) ((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.RSP, 0, RspResources.RSP_UPDATE_STATE))
                    .getContent()).getValue();
            long result = (Long) ((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.RSP, 0, RspResources.RSP_UPDATE_RESULT))
                    .getContent()).getValue();
            if (state == RspResources.STATE_IDLE && result != RspResources.RESULT_INITIAL) {
                return result;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("RSP action did not finish");
    }
}
