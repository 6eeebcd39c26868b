package org.m2mdm.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.mo.ApplicationActivationResources;
import org.m2mdm.mo.ApplicationParametersResources;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.RspResources;
import org.m2mdm.mo.SimProvisioningResources;
import org.m2mdm.mo.UsimProfileResources;
import org.m2mdm.mo.payload.AppParametersPayload;
import org.m2mdm.mo.payload.UsimProfilePayload;

/** A real Leshan bootstrap (DTLS, X.509) and management server drive a terminal over a simulated network. */
@Timeout(60)
class TerminalIntegrationTest extends TerminalOnTestBed {

    TestBed.Device startDevice(Path dir) throws Exception {
        TestBed.Device d = bed.new Device(dir);
        terminal = d.terminal().build();
        terminal.start();
        d.awaitRegistration(Duration.ofSeconds(20));
        return d;
    }

    @Test
    void bootstrapsOverDtlsAndRegistersAndServesTheTrees(@TempDir Path dir) throws Exception {
        TestBed.Device d = startDevice(dir);

        ReadResponse rsp = d.send(new ReadRequest(ObjectIds.RSP, 0));
        assertThat(rsp.isSuccess()).isTrue();
        LwM2mObjectInstance rspInstance = (LwM2mObjectInstance) rsp.getContent();
        assertThat(((LwM2mMultipleResource) rspInstance.getResource(RspResources.ICCID)).getInstance(0).getValue())
                .isEqualTo(d.factoryProfile.iccid().digits());
        assertThat(d.send(new ReadRequest(3, 0)).isSuccess()).isTrue();
        ReadResponse conn = d.send(new ReadRequest(4, 0, 10));
        assertThat(((LwM2mSingleResource) conn.getContent()).getValue()).isEqualTo(1L); // SMCC of 001-01
        ReadResponse usim = d.send(new ReadRequest(ObjectIds.USIM_PROFILE));
        LwM2mObject profiles = (LwM2mObject) usim.getContent();
        assertThat(profiles.getInstances()).hasSize(1);
        LwM2mObjectInstance p0 = profiles.getInstance(0);
        assertThat(p0.getResource(UsimProfileResources.IMSI).getValue()).isEqualTo(d.factoryProfile.imsi().digits());
        assertThat(p0.getResource(UsimProfileResources.STATE).getValue()).isEqualTo((long) UsimProfileResources.STATE_ENABLED);
        assertThat(p0.getResource(UsimProfileResources.FALLBACK).getValue()).isEqualTo(true);
        ReadResponse act = d.send(new ReadRequest(ObjectIds.APPLICATION_ACTIVATION, 0));
        LwM2mObjectInstance a = (LwM2mObjectInstance) act.getContent();
        assertThat(a.getResource(ApplicationActivationResources.POLICY_SOURCE).getValue()).isEqualTo("aas");
        assertThat(a.getResource(ApplicationActivationResources.ACTIVATION_STATE).getValue())
                .isEqualTo((long) ApplicationActivationResources.STATE_ACTIVATED);
    }

    @Test
    void writesAppParametersPushesAProfileAndSwitchesToIt(@TempDir Path dir) throws Exception {
        TestBed.Device d = startDevice(dir);

        // Application parameters: Create with the app-params envelope in resource 6.
        AppParametersPayload params = new AppParametersPayload("meter-reading", "2", List.of("coaps://app.example:5684"),
                Map.of("interval", "900", "password", "s3cret-app"));
        byte[] appEnvelope = d.seal(bed.appServer, PayloadType.APP_PARAMS, params.encode());
        CreateResponse created = d.send(new CreateRequest(ObjectIds.APPLICATION_PARAMETERS,
                LwM2mSingleResource.newBinaryResource(ApplicationParametersResources.PARAMETERS_ENVELOPE, appEnvelope)));
        assertThat(created.isSuccess()).as(created.toString()).isTrue();
        LwM2mObjectInstance app = (LwM2mObjectInstance) d.send(new ReadRequest(ObjectIds.APPLICATION_PARAMETERS, 0)).getContent();
        assertThat(app.getResource(ApplicationParametersResources.APPLICATION_ID).getValue()).isEqualTo("meter-reading");
        assertThat(app.getResource(ApplicationParametersResources.PARAMETERS).getInstances().values())
                .extracting(LwM2mResourceInstance::getValue).containsExactly("interval=900", "password=s3cret-app");

        // Push a new USIM profile (operator B) through 505.
        UsimProfilePayload fresh = bed.newProfile(TestBed.OP_B, false);
        byte[] envelope = d.seal(bed.usimServer, PayloadType.USIM_PROFILE, fresh.encode());
        WriteResponse w = d.send(new WriteRequest(ContentFormat.OPAQUE, ObjectIds.SIM_PROVISIONING, 0,
                SimProvisioningResources.PROFILE_PACKAGE, envelope));
        assertThat(w.isSuccess()).as(w.toString()).isTrue();
        assertThat(readLong(d, ObjectIds.SIM_PROVISIONING, SimProvisioningResources.UPDATE_STATE))
                .isEqualTo(SimProvisioningResources.STATE_DOWNLOADED);
        ExecuteResponse install = d.send(new ExecuteRequest(ObjectIds.SIM_PROVISIONING, 0, SimProvisioningResources.UPDATE_PROFILE));
        assertThat(install.isSuccess()).as(install.toString()).isTrue();
        assertThat(readLong(d, ObjectIds.SIM_PROVISIONING, SimProvisioningResources.UPDATE_RESULT))
                .isEqualTo(SimProvisioningResources.RESULT_SUCCESS);
        assertThat(terminal.profiles()).hasSize(2);
        int freshInstance = terminal.profiles().get(1).instanceId();
        assertThat(((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.USIM_PROFILE, freshInstance,
                UsimProfileResources.STATE)).getContent()).getValue()).isEqualTo((long) UsimProfileResources.STATE_DISABLED);

        // Observe the new profile's state, then enable it through 504.
        BlockingQueue<Long> states = new LinkedBlockingQueue<>();
        bed.dm.getObservationService().addListener(new ObservationListener() {
            @Override
            public void newObservation(Observation observation, Registration registration) {
            }

            @Override
            public void cancelled(Observation observation) {
            }

            @Override
            public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
                if (registration.getEndpoint().equals(d.endpoint) && response.getContent() instanceof LwM2mSingleResource r) {
                    states.add((Long) r.getValue());
                }
            }

            @Override
            public void onResponse(CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {
            }

            @Override
            public void onError(Observation observation, Registration registration, Exception error) {
            }
        });
        ObserveResponse observed = d.send(new ObserveRequest(ObjectIds.USIM_PROFILE, freshInstance, UsimProfileResources.STATE));
        assertThat(observed.isSuccess()).isTrue();
        assertThat(d.send(new WriteRequest(ObjectIds.RSP, 0, RspResources.SELECTED_ICCID, fresh.iccid())).isSuccess()).isTrue();
        ExecuteResponse enable = d.send(new ExecuteRequest(ObjectIds.RSP, 0, RspResources.RSP_UPDATE, "1"));
        assertThat(enable.isSuccess()).as(enable.toString()).isTrue();

        assertThat(awaitValue(states, UsimProfileResources.STATE_ON_TRIAL)).as("notification: the new profile is on trial")
                .isTrue();
        Registration again = d.awaitRegistration(Duration.ofSeconds(20));
        assertThat(again.getAddress()).isNotNull();
        awaitRspIdle(d);
        assertThat(readLong(d, ObjectIds.RSP, RspResources.RSP_UPDATE_RESULT)).isEqualTo(RspResources.RESULT_SUCCESS);
        assertThat(((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.USIM_PROFILE, freshInstance,
                UsimProfileResources.STATE)).getContent()).getValue()).isEqualTo((long) UsimProfileResources.STATE_ENABLED);
        assertThat(((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.USIM_PROFILE, 0,
                UsimProfileResources.STATE)).getContent()).getValue()).isEqualTo((long) UsimProfileResources.STATE_DISABLED);
        assertThat(((LwM2mSingleResource) d.send(new ReadRequest(4, 0, 10)).getContent()).getValue()).isEqualTo(2L);
        assertThat(terminal.currentProfile().get().iccid().digits()).isEqualTo(fresh.iccid());
        assertThat(terminal.bearer().get().plmn()).isEqualTo(TestBed.OP_B);
    }

    static boolean awaitValue(BlockingQueue<Long> values, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Long v = values.poll(100, TimeUnit.MILLISECONDS);
            if (v != null && v == expected) {
                return true;
            }
        }
        return false;
    }

    long readLong(TestBed.Device d, int object, int resource) throws InterruptedException {
        ReadResponse r = d.send(new ReadRequest(object, 0, resource));
        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        return (Long) ((LwM2mSingleResource) r.getContent()).getValue();
    }

    void awaitRspIdle(TestBed.Device d) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ReadResponse r = bed.dm.send(d.registration(), new ReadRequest(ObjectIds.RSP, 0, RspResources.RSP_UPDATE_STATE), 2000);
            if (r != null && r.isSuccess() && ((Long) ((LwM2mSingleResource) r.getContent()).getValue()) == RspResources.STATE_IDLE) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("RSP update did not return to idle");
    }
}
