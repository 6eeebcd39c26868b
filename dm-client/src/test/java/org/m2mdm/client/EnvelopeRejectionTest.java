package org.m2mdm.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.envelope.EnvelopeSealer;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.mo.ApplicationParametersResources;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.SimProvisioningResources;
import org.m2mdm.mo.payload.AppParametersPayload;

/** Envelopes that must be refused: each gets its CoAP code and 505 result and changes no profile. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class EnvelopeRejectionTest {
    final TestBed bed = new TestBed();
    Terminal terminal;
    TestBed.Device d;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        d = bed.new Device(dir);
        terminal = d.terminal().build();
        terminal.start();
        d.awaitRegistration(Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        terminal.stop();
    }

    @AfterAll
    void stopServers() {
        bed.close();
    }

    WriteResponse push(byte[] envelope) throws InterruptedException {
        return d.send(new WriteRequest(ContentFormat.OPAQUE, ObjectIds.SIM_PROVISIONING, 0,
                SimProvisioningResources.PROFILE_PACKAGE, envelope));
    }

    long result() throws InterruptedException {
        return (Long) ((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.SIM_PROVISIONING, 0,
                SimProvisioningResources.UPDATE_RESULT)).getContent()).getValue();
    }

    long state() throws InterruptedException {
        return (Long) ((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.SIM_PROVISIONING, 0,
                SimProvisioningResources.UPDATE_STATE)).getContent()).getValue();
    }

    void assertProfilesUnchanged() throws InterruptedException {
        assertThat(terminal.profiles()).extracting(p -> p.iccid()).containsExactly(d.factoryProfile.iccid());
        assertThat(((LwM2mObject) d.send(new ReadRequest(ObjectIds.USIM_PROFILE)).getContent()).getInstances()).hasSize(1);
        assertThat(terminal.selection().enabled()).contains(d.factoryProfile.iccid());
    }

    @Test
    void rejectsEnvelopeSealedForAnotherDevice() throws Exception {
        DeviceIdentity other = bed.manufacturer.issueDevice("urn:imei:999999999999999");
        byte[] env = EnvelopeSealer.builder().signingKey(bed.usimServer.keyPair().getPrivate())
                .certificateChain(bed.usimServer.certificateChain()).build()
                .seal(bed.newProfile(TestBed.OP_B, false).encode(), PayloadType.USIM_PROFILE, other.certificate(), 7,
                        Duration.ofMinutes(5));
        WriteResponse w = push(env);
        assertThat(w.getCode()).isIn(ResponseCode.FORBIDDEN, ResponseCode.BAD_REQUEST);
        assertThat(w.getErrorMessage()).isIn("WRONG_DEVICE", "DECRYPTION_FAILED");
        assertThat(result()).isEqualTo(SimProvisioningResources.RESULT_INTEGRITY_FAILURE);
        assertThat(state()).isEqualTo(SimProvisioningResources.STATE_IDLE);
        assertProfilesUnchanged();
    }

    @Test
    void rejectsReplayedEnvelope() throws Exception {
        byte[] env = d.seal(bed.usimServer, PayloadType.USIM_PROFILE, bed.newProfile(TestBed.OP_B, false).encode());
        assertThat(push(env).isSuccess()).isTrue();
        assertThat(push(new byte[0]).isSuccess()).as("reset the 505 state machine").isTrue();

        WriteResponse again = push(env);

        assertThat(again.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(again.getErrorMessage()).isEqualTo("REPLAYED");
        assertThat(result()).isEqualTo(SimProvisioningResources.RESULT_INTEGRITY_FAILURE);
        assertThat(state()).isEqualTo(SimProvisioningResources.STATE_IDLE);
        assertProfilesUnchanged();
    }

    @Test
    void rejectsEnvelopeFromAnUntrustedSigner() throws Exception {
        byte[] env = d.seal(bed.rogueServer, PayloadType.USIM_PROFILE, bed.newProfile(TestBed.OP_B, false).encode());
        WriteResponse w = push(env);
        assertThat(w.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(w.getErrorMessage()).isEqualTo("UNTRUSTED_SIGNER");
        assertThat(result()).isEqualTo(SimProvisioningResources.RESULT_INTEGRITY_FAILURE);
        assertProfilesUnchanged();
    }

    @Test
    void rejectsAProfileSignedByAnApplicationServer() throws Exception {
        byte[] env = d.seal(bed.appServer, PayloadType.USIM_PROFILE, bed.newProfile(TestBed.OP_B, false).encode());
        WriteResponse w = push(env);
        assertThat(w.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(w.getErrorMessage()).isEqualTo("SIGNER_ROLE_NOT_ALLOWED");
        assertProfilesUnchanged();
    }

    @Test
    void rejectsGarbageAndAMalformedPayload() throws Exception {
        WriteResponse garbage = push(new byte[] { 1, 2, 3, 4 });
        assertThat(garbage.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(result()).isEqualTo(SimProvisioningResources.RESULT_UNSUPPORTED_PACKAGE);
        byte[] notAProfile = d.seal(bed.usimServer, PayloadType.USIM_PROFILE, new byte[] { (byte) 0xa0 });
        WriteResponse bad = push(notAProfile);
        assertThat(bad.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(bad.getErrorMessage()).contains("usim-profile payload");
        assertProfilesUnchanged();
    }

    @Test
    void untrustedAppParametersCreateNothing() throws Exception {
        AppParametersPayload p = new AppParametersPayload("app", "1", List.of(), Map.of("a", "b"));
        CreateResponse c = d.send(new CreateRequest(ObjectIds.APPLICATION_PARAMETERS, LwM2mSingleResource.newBinaryResource(
                ApplicationParametersResources.PARAMETERS_ENVELOPE, d.seal(bed.rogueServer, PayloadType.APP_PARAMS, p.encode()))));
        assertThat(c.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(d.send(new ReadRequest(ObjectIds.APPLICATION_PARAMETERS)).getContent()).isInstanceOfSatisfying(
                LwM2mObject.class, o -> assertThat(o.getInstances()).isEmpty());
    }

    @Test
    void rejectsAnExpiredEnvelope() throws Exception {
        java.time.Clock past = java.time.Clock.fixed(java.time.Instant.now().minus(Duration.ofHours(2)), java.time.ZoneOffset.UTC);
        byte[] env = EnvelopeSealer.builder().signingKey(bed.usimServer.keyPair().getPrivate())
                .certificateChain(bed.usimServer.certificateChain()).clock(past).build()
                .seal(bed.newProfile(TestBed.OP_B, false).encode(), PayloadType.USIM_PROFILE, d.identity.certificate(),
                        1_000_000, Duration.ofMinutes(5));
        WriteResponse w = push(env);
        assertThat(w.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(w.getErrorMessage()).isEqualTo("EXPIRED");
        assertProfilesUnchanged();
    }

    @Test
    void trustPolicyFromAManagementServerMustBeAnActivationEnvelope() throws Exception {
        byte[] raw = org.m2mdm.envelope.trust.TrustPolicy.standard(List.of(bed.rogue.certificate())).encode();
        WriteResponse plain = d.send(new WriteRequest(ContentFormat.OPAQUE, ObjectIds.APPLICATION_ACTIVATION, 0,
                org.m2mdm.mo.ApplicationActivationResources.TRUST_ANCHORS, raw));
        assertThat(plain.isFailure()).as("a raw policy from a management server is not an envelope").isTrue();
        WriteResponse rogue = d.send(new WriteRequest(ContentFormat.OPAQUE, ObjectIds.APPLICATION_ACTIVATION, 0,
                org.m2mdm.mo.ApplicationActivationResources.TRUST_ANCHORS, d.seal(bed.rogueServer, PayloadType.TRUST_POLICY, raw)));
        assertThat(rogue.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        byte[] newPolicy = org.m2mdm.envelope.trust.TrustPolicy.standard(List.of(bed.provisioning.certificate(),
                bed.rogue.certificate())).encode();
        WriteResponse ok = d.send(new WriteRequest(ContentFormat.OPAQUE, ObjectIds.APPLICATION_ACTIVATION, 0,
                org.m2mdm.mo.ApplicationActivationResources.TRUST_ANCHORS, d.seal(bed.aas, PayloadType.TRUST_POLICY, newPolicy)));
        assertThat(ok.isSuccess()).as(ok.toString()).isTrue();
        // Now the formerly rogue root is trusted for USIM profiles.
        assertThat(push(d.seal(bed.rogueServer, PayloadType.USIM_PROFILE, bed.newProfile(TestBed.OP_B, false).encode()))
                .isSuccess()).isTrue();
    }
}
