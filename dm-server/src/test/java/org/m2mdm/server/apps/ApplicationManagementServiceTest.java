package org.m2mdm.server.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.IntNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.server.jobs.JobType;
import org.m2mdm.server.lwm2m.Eventually;
import org.m2mdm.server.lwm2m.OperatorSide;
import org.m2mdm.server.lwm2m.ServerRole;
import org.m2mdm.server.lwm2m.TestTerminal;
import org.m2mdm.server.store.AppParameterSet;
import org.m2mdm.server.store.Job;
import org.m2mdm.server.store.JobTarget;
import org.m2mdm.server.store.NewAppParameterSet;
import org.m2mdm.server.store.TargetState;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ApplicationManagementServiceTest {
    private static final OperatorSide.Pki PKI = new OperatorSide.Pki();
    private static final String EP = "urn:imei:352000000000001";

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private OperatorSide startWithRegisteredTerminal() {
        OperatorSide op = new OperatorSide(dataDir, PKI, new OperatorSide.Ports());
        open.add(op);
        TestTerminal t = op.terminal(op.addDevice(EP), "8901010000000000018");
        open.add(t);
        terminal = t;
        t.start();
        Eventually.await(Duration.ofSeconds(30), () -> op.directory.isRegistered(EP, ServerRole.APPLICATION),
                () -> "registered");
        return op;
    }

    private TestTerminal terminal;

    private static JobTarget run(OperatorSide op, JobType type, String spec) {
        Job job = op.stores.jobs().createJob(op.tenant.id(), type.name(), spec, List.of(op.deviceId(EP)), "test");
        op.engine.pollSoon();
        Eventually.await(Duration.ofSeconds(30),
                () -> op.stores.jobs().targets(op.tenant.id(), job.id()).get(0).state().isFinal(),
                () -> "job done: " + op.stores.jobs().targets(op.tenant.id(), job.id()));
        return op.stores.jobs().targets(op.tenant.id(), job.id()).get(0);
    }

    @Test
    void readReturnsTheValuesAndKeepsThemAsTheDevicesObjectTree() throws Exception {
        OperatorSide op = startWithRegisteredTerminal();
        CommandResult r = op.apps.read(EP, "/3/0");
        assertThat(r.success()).isTrue();
        assertThat(r.content().get("0").asText()).isEqualTo("m2mdm-test");
        assertThat(r.content().get("2").asText()).isEqualTo(EP);

        String tree = op.stores.devices().locate(EP).orElseThrow().objectTreeJson();
        assertThat(ObjectTree.parse(tree).at("/3/0/0").asText()).isEqualTo("m2mdm-test");
        assertThat(op.stores.devices().locate(EP).orElseThrow().objectTreeReadAt()).isNotNull();
    }

    @Test
    void writeAndExecuteJobsReachTheDeviceAndBadPathsFailClearly() throws Exception {
        OperatorSide op = startWithRegisteredTerminal();
        JobTarget write = run(op, JobType.LWM2M_WRITE, "{\"path\":\"/1/0/1\",\"value\":120}");
        assertThat(write.state()).isEqualTo(TargetState.SUCCEEDED);
        assertThat(op.apps.read(EP, "/1/0/1").content().asLong()).isEqualTo(120);

        JobTarget exec = run(op, JobType.LWM2M_EXECUTE, "{\"path\":\"/1/0/8\"}");
        assertThat(exec.state()).isEqualTo(TargetState.SUCCEEDED);

        JobTarget bad = run(op, JobType.LWM2M_READ, "{\"path\":\"/not/a/path\"}");
        assertThat(bad.state()).isEqualTo(TargetState.FAILED);
        assertThat(bad.detail()).contains("invalid LwM2M path");

        CommandResult readOnly = op.apps.write(EP, "/3/0/0", com.fasterxml.jackson.databind.node.TextNode
                .valueOf("Evil Corp"));
        assertThat(readOnly.success()).isFalse();
        assertThat(readOnly.code()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThatThrownBy(() -> op.apps.write(EP, "/1/0/1", com.fasterxml.jackson.databind.node.TextNode
                .valueOf("soon"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INTEGER");
    }

    @Test
    void writesApplicationParametersAsAnEnvelopeOnceOnly() {
        OperatorSide op = startWithRegisteredTerminal();
        AppParameterSet set = op.stores.appParameters().create(op.tenant.id(), new NewAppParameterSet("meter-reading",
                "1.0", List.of("coaps://meter.example.net:5684"), Map.of("interval", "900", "unit", "kWh")));

        JobTarget first = run(op, JobType.WRITE_APP_PARAMETERS, "{\"parameterSetId\":\"" + set.id() + "\"}");
        assertThat(first.state()).as(first.detail()).isEqualTo(TargetState.SUCCEEDED);
        assertThat(terminal.appParameters("meter-reading").parameters()).containsEntry("interval", "900");
        assertThat(terminal.acceptedEnvelopes.get()).isEqualTo(1);
        // parameters in place = ready
        assertThat(op.stores.devices().locate(EP).orElseThrow().state())
                .isEqualTo(org.m2mdm.server.store.DeviceState.ACTIVE);

        JobTarget again = run(op, JobType.WRITE_APP_PARAMETERS, "{\"parameterSetId\":\"" + set.id() + "\"}");
        assertThat(again.state()).isEqualTo(TargetState.SUCCEEDED);
        assertThat(again.detail()).contains("in place");
        assertThat(terminal.acceptedEnvelopes.get()).isEqualTo(1);
        String tree = op.stores.devices().locate(EP).orElseThrow().objectTreeJson();
        assertThat(ObjectTree.parse(tree).at("/32771/0/1").asText()).isEqualTo("1.0");
    }

    @Test
    void writesAParameterSetFarLargerThanOneCoapMessageBlockWiseOverDtls() {
        OperatorSide op = startWithRegisteredTerminal();
        Map<String, String> params = new java.util.TreeMap<>();
        for (int i = 0; i < 40; i++) {
            params.put("key" + i, "v".repeat(400) + i);
        }
        AppParameterSet set = op.stores.appParameters().create(op.tenant.id(),
                new NewAppParameterSet("big-app", "2.0", List.of("coaps://big.example.net:5684"), params));
        JobTarget t = run(op, JobType.WRITE_APP_PARAMETERS, "{\"parameterSetId\":\"" + set.id() + "\"}");

        // ~16 KB of parameters: only block-wise transfer (max message 1024 bytes) gets this through
        assertThat(t.state()).as(t.detail()).isEqualTo(TargetState.SUCCEEDED);
        assertThat(terminal.appParameters("big-app").parameters()).isEqualTo(params);
    }

    @Test
    void observedValuesKeepTheStoredTreeCurrent() throws Exception {
        OperatorSide op = startWithRegisteredTerminal();
        JobTarget observe = run(op, JobType.LWM2M_OBSERVE, "{\"path\":\"/1/0/1\"}");
        assertThat(observe.state()).as(observe.detail()).isEqualTo(TargetState.SUCCEEDED);

        // a write does not touch the stored tree; only the device's notification can bring 240 there
        assertThat(op.apps.write(EP, "/1/0/1", IntNode.valueOf(240)).success()).isTrue();
        Eventually.await(Duration.ofSeconds(10), () -> ObjectTree.parse(op.stores.devices().locate(EP).orElseThrow()
                .objectTreeJson()).at("/1/0/1").asLong() == 240, () -> "notification stored");
    }
}
