package org.m2mdm.mo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.junit.jupiter.api.Test;

class ModelsTest {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i)(^|\\W)(k|opc|op|ki)(\\W|$)|key|secret");

    @Test
    void everyShippedFileLoadsWithSchemaValidation() throws Exception {
        for (String f : concat(Models.REGISTRY_FILES, Models.PRIVATE_FILES)) {
            try (InputStream in = Models.class.getResourceAsStream(Models.RESOURCE_FOLDER + f)) {
                assertThat(in).as(f).isNotNull();
                List<ObjectModel> loaded = ObjectLoader.loadDdfFile(in, f, true);
                assertThat(loaded).as(f).hasSize(1);
            }
        }
    }

    @Test
    void allContainsTheCoreObjectsTheRegistryObjectsAndThePrivateOnesOncePerId() {
        Map<Integer, ObjectModel> byId = Models.all().stream()
                .collect(Collectors.toMap(m -> m.id, Function.identity()));
        assertThat(byId).hasSize(Models.all().size());
        assertThat(byId).containsKeys(0, 1, 3, 4, ObjectIds.CELLULAR_CONNECTIVITY, ObjectIds.APN_CONNECTION_PROFILE,
                ObjectIds.RSP, ObjectIds.SIM_PROVISIONING, ObjectIds.ESIM_IOT, ObjectIds.USIM_PROFILE,
                ObjectIds.APPLICATION_ACTIVATION, ObjectIds.APPLICATION_PARAMETERS);
        assertThat(Models.get(ObjectIds.RSP).name).isEqualTo("Remote SIM Provisioning");
        assertThat(Models.get(ObjectIds.APN_CONNECTION_PROFILE).resources.get(ApnConnectionProfileResources.VALIDITY).name)
                .isEqualTo("Validity (MCC, MNC)");
    }

    @Test
    void privateObjectsAreInThePrivateRangeWithMatchingUrns() {
        for (ObjectModel m : Models.privateModels()) {
            assertThat(m.id).isBetween(ObjectIds.PRIVATE_RANGE_START, ObjectIds.PRIVATE_RANGE_END);
            assertThat(m.urn).isEqualTo("urn:oma:lwm2m:x:" + m.id);
            assertThat(m.lwm2mVersion).isEqualTo("1.1");
        }
        assertThat(Models.privateModels()).extracting(m -> m.id)
                .containsExactly(ObjectIds.USIM_PROFILE, ObjectIds.APPLICATION_ACTIVATION, ObjectIds.APPLICATION_PARAMETERS);
    }

    @Test
    void noPrivateResourceIsNamedLikeASubscriberKey() {
        for (ObjectModel m : Models.privateModels()) {
            for (ResourceModel r : m.resources.values()) {
                assertThat(SECRET_NAME.matcher(r.name).find()).as(m.name + "/" + r.name).isFalse();
            }
        }
    }

    @Test
    void theOnlyWritableOpaqueInputsOfPrivateObjectsAreTheEnvelopeAndTrustResources() {
        ObjectModel params = Models.get(ObjectIds.APPLICATION_PARAMETERS);
        ResourceModel envelope = params.resources.get(ApplicationParametersResources.PARAMETERS_ENVELOPE);
        assertThat(envelope.type).isEqualTo(Type.OPAQUE);
        assertThat(envelope.operations.isReadable()).isFalse();
        assertThat(Models.get(ObjectIds.USIM_PROFILE).resources.values()).noneMatch(r -> r.type == Type.OPAQUE);
        assertThat(Models.get(ObjectIds.APPLICATION_ACTIVATION).resources.get(ApplicationActivationResources.TRUST_ANCHORS).type)
                .isEqualTo(Type.OPAQUE);
    }

    @Test
    void resourceConstantsPointAtTheNamedResources() {
        ObjectModel usim = Models.get(ObjectIds.USIM_PROFILE);
        assertThat(usim.resources.get(UsimProfileResources.ICCID).name).isEqualTo("ICCID");
        assertThat(usim.resources.get(UsimProfileResources.ICCID).type).isEqualTo(Type.STRING);
        assertThat(usim.resources.get(UsimProfileResources.STATE).name).isEqualTo("State");
        assertThat(usim.resources.get(UsimProfileResources.FALLBACK).name).isEqualTo("Fallback");
        assertThat(usim.resources.get(UsimProfileResources.ORIGIN).name).isEqualTo("Origin");
        ObjectModel rsp = Models.get(ObjectIds.RSP);
        assertThat(rsp.resources.get(RspResources.RSP_UPDATE).name).isEqualTo("RSP Update");
        assertThat(rsp.resources.get(RspResources.SELECTED_ICCID).name).startsWith("Selected ICCID");
        assertThat(rsp.resources.get(RspResources.ICCID).multiple).isTrue();
        ObjectModel sim = Models.get(ObjectIds.SIM_PROVISIONING);
        assertThat(sim.resources.get(SimProvisioningResources.PROFILE_PACKAGE).type).isEqualTo(Type.OPAQUE);
        assertThat(sim.resources.get(SimProvisioningResources.UPDATE_RESULT).name).isEqualTo("Update Result");
        assertThat(sim.resources.get(SimProvisioningResources.ICCID).type).as("registry types 505 ICCID as Integer")
                .isEqualTo(Type.INTEGER);
        ObjectModel act = Models.get(ObjectIds.APPLICATION_ACTIVATION);
        assertThat(act.resources.get(ApplicationActivationResources.ACTIVATION_STATE).name).isEqualTo("Activation State");
        ObjectModel app = Models.get(ObjectIds.APPLICATION_PARAMETERS);
        assertThat(app.resources.get(ApplicationParametersResources.PARAMETERS).multiple).isTrue();
    }

    @Test
    void omaRegistryFilesAreShippedWithTheirLicenceHeader() throws Exception {
        // 3443 is a third-party (ext range) registration and carries no header in the registry.
        for (String f : new String[] { "10.xml", "11.xml", "504.xml", "505.xml" }) {
            try (InputStream in = Models.class.getResourceAsStream(Models.RESOURCE_FOLDER + f)) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(text).as(f).contains("Redistribution and use in source and binary forms");
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
