package org.m2mdm.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.RspResources;
import org.m2mdm.mo.SimProvisioningResources;
import org.m2mdm.mo.UsimProfileResources;
import org.m2mdm.mo.payload.UsimProfilePayload;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.client.profiles.TestProfiles;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.K;
import org.m2mdm.usim.UsimCredentials;

/** A switch to a profile that cannot serve the terminal rolls back; the terminal stays registered on the old one. */
@Timeout(90)
class SwitchRollbackTest extends TerminalOnTestBed {

    @Test
    void rollsBackWhenTheNetworkRejectsTheNewCredentials(@TempDir Path dir) throws Exception {
        UsimCredentials c = TestProfiles.credentials(TestBed.OP_B);
        // The operator's HSS holds another K: the network's AUTN fails the USIM's MAC check.
        bed.network.provisioning(TestBed.OP_B).createSubscription(new UsimCredentials(c.imsi(), c.iccid(),
                K.of(new byte[16]), c.opc(), c.algorithm(), c.amf()), SubscriptionState.ACTIVE, DestinationFilter.allowAll());
        switchAndExpectRollback(dir, TestBed.payload(c, TestBed.OP_B, false));
    }

    @Test
    void rollsBackWhenTheManagementServerIsUnreachableOverTheNewProfile(@TempDir Path dir) throws Exception {
        UsimCredentials c = TestProfiles.credentials(TestBed.OP_B);
        // Attach works, but the new subscription's filter lets traffic reach only the AAS.
        bed.network.provisioning(TestBed.OP_B).createSubscription(c, SubscriptionState.ACTIVE,
                DestinationFilter.only(bed.bsAddress));
        switchAndExpectRollback(dir, TestBed.payload(c, TestBed.OP_B, false));
    }

    private void switchAndExpectRollback(Path dir, UsimProfilePayload target) throws Exception {
        TestBed.Device d = bed.new Device(dir);
        BlockingQueue<String> rollbacks = new LinkedBlockingQueue<>();
        terminal = d.terminal().listener(new TerminalListener() {
            @Override
            public void switchRolledBack(Iccid t, Iccid active, String reason) {
                rollbacks.add(reason);
            }
        }).build();
        terminal.start();
        d.awaitRegistration(Duration.ofSeconds(20));
        assertThat(d.send(new WriteRequest(ContentFormat.OPAQUE, ObjectIds.SIM_PROVISIONING, 0,
                SimProvisioningResources.PROFILE_PACKAGE, d.seal(bed.usimServer, PayloadType.USIM_PROFILE, target.encode())))
                .isSuccess()).isTrue();
        assertThat(d.send(new ExecuteRequest(ObjectIds.RSP, 0, RspResources.RSP_UPDATE, "0,1")).isSuccess()).isTrue();

        String reason = rollbacks.poll(40, TimeUnit.SECONDS);
        assertThat(reason).as("rolled back").isNotNull();
        Registration back = d.awaitRegistration(Duration.ofSeconds(20));
        assertThat(back).isNotNull();
        assertThat(terminal.awaitRegistered(Duration.ofSeconds(10))).isTrue();
        assertThat(terminal.currentProfile().get().iccid()).isEqualTo(d.factoryProfile.iccid());
        assertThat(terminal.bearer().get().plmn()).isEqualTo(TestBed.OP_A);
        assertThat(terminal.selection().trial()).isEmpty();
        awaitRspResult(d, RspResources.RESULT_ENABLE_FAILED);
        assertThat(((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.USIM_PROFILE, 0, UsimProfileResources.STATE))
                .getContent()).getValue()).isEqualTo((long) UsimProfileResources.STATE_ENABLED);
        assertThat(((LwM2mSingleResource) d.send(new ReadRequest(ObjectIds.USIM_PROFILE, 1, UsimProfileResources.STATE))
                .getContent()).getValue()).isEqualTo((long) UsimProfileResources.STATE_DISABLED);
    }

    private void awaitRspResult(TestBed.Device d, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long last = -1;
        while (System.nanoTime() < deadline) {
            var r = bed.dm.send(d.registration(), new ReadRequest(ObjectIds.RSP, 0, RspResources.RSP_UPDATE_RESULT), 2000);
            if (r != null && r.isSuccess()) {
                last = (Long) ((LwM2mSingleResource) r.getContent()).getValue();
                if (last == expected) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("RSP result " + last + ", expected " + expected);
    }
}
