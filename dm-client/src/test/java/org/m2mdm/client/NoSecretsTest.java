package org.m2mdm.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.mo.ApplicationParametersResources;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.RspResources;
import org.m2mdm.mo.SimProvisioningResources;
import org.m2mdm.mo.payload.AppParametersPayload;
import org.m2mdm.mo.payload.UsimProfilePayload;

/**
 * Runs a full session (bootstrap, register, app parameters, profile push, switch) with the terminal
 * logging at INFO, then reads every object over LwM2M in two formats, and checks that neither the
 * logs nor any read contain K or OPc of any profile, in hex or raw.
 */
@Timeout(90)
class NoSecretsTest {

    @Test
    void noReadAndNoLogLineContainsKOrOpc(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        List<byte[]> secrets = new ArrayList<>();
        List<Object> reads = new ArrayList<>();
        System.setErr(tee);
        try (TestBed bed = new TestBed()) {
            TestBed.Device d = bed.new Device(dir);
            secrets.add(d.factoryProfile.credentials().k().bytes());
            secrets.add(d.factoryProfile.credentials().opc().bytes());
            try (Terminal terminal = d.terminal().build()) {
                terminal.start();
                d.awaitRegistration(Duration.ofSeconds(20));
                UsimProfilePayload fresh = bed.newProfile(TestBed.OP_B, true);
                secrets.add(fresh.k());
                secrets.add(fresh.opc());
                AppParametersPayload params = new AppParametersPayload("app", "1", List.of(), Map.of("k", "v"));
                assertThat(d.send(new CreateRequest(ObjectIds.APPLICATION_PARAMETERS, LwM2mSingleResource.newBinaryResource(
                        ApplicationParametersResources.PARAMETERS_ENVELOPE, d.seal(bed.appServer, PayloadType.APP_PARAMS,
                                params.encode())))).isSuccess()).isTrue();
                assertThat(d.send(new WriteRequest(ContentFormat.OPAQUE, ObjectIds.SIM_PROVISIONING, 0,
                        SimProvisioningResources.PROFILE_PACKAGE, d.seal(bed.usimServer, PayloadType.USIM_PROFILE,
                                fresh.encode()))).isSuccess()).isTrue();
                assertThat(d.send(new ExecuteRequest(ObjectIds.RSP, 0, RspResources.RSP_UPDATE, "0,1")).isSuccess()).isTrue();
                d.awaitRegistration(Duration.ofSeconds(20));
                assertThat(terminal.awaitRegistered(Duration.ofSeconds(10))).isTrue();

                // /0 holds the device private key and the PSKs: a management server must not read it at all.
                for (ContentFormat f : new ContentFormat[] { ContentFormat.TLV, ContentFormat.SENML_JSON }) {
                    assertThat(d.send(new ReadRequest(f, 0)).isSuccess())
                            .as("read of the Security object /0 in %s by a management server", f).isFalse();
                }
                for (int object : new int[] { 1, 3, 4, 10, 11, ObjectIds.RSP, ObjectIds.SIM_PROVISIONING,
                        ObjectIds.USIM_PROFILE, ObjectIds.APPLICATION_ACTIVATION, ObjectIds.APPLICATION_PARAMETERS }) {
                    for (ContentFormat f : new ContentFormat[] { ContentFormat.TLV, ContentFormat.SENML_JSON }) {
                        ReadResponse r = d.send(new ReadRequest(f, object));
                        if (r.isSuccess()) {
                            collect(r.getContent(), reads);
                        }
                    }
                }
            }
        } finally {
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).as("the terminal did log its work").contains("registered with").contains("envelope accepted")
                .contains("committed");
        assertThat(reads).as("values read over LwM2M").isNotEmpty();
        for (byte[] s : secrets) {
            String hex = HexFormat.of().formatHex(s);
            assertThat(logs).doesNotContainIgnoringCase(hex);
            for (Object v : reads) {
                if (v instanceof byte[] b) {
                    assertThat(HexFormat.of().formatHex(b)).doesNotContain(hex);
                } else {
                    assertThat(String.valueOf(v)).doesNotContainIgnoringCase(hex)
                            .doesNotContain(new String(s, StandardCharsets.ISO_8859_1));
                }
            }
        }
    }

    private static void collect(LwM2mNode node, List<Object> out) {
        if (node instanceof LwM2mObject o) {
            o.getInstances().values().forEach(i -> collect(i, out));
        } else if (node instanceof LwM2mObjectInstance i) {
            i.getResources().values().forEach(r -> collect(r, out));
        } else if (node instanceof LwM2mResource r) {
            if (r.isMultiInstances()) {
                r.getInstances().values().forEach(ri -> out.add(ri.getValue()));
            } else {
                out.add(r.getValue());
            }
        } else if (node instanceof LwM2mResourceInstance ri) {
            out.add(ri.getValue());
        }
    }
}
