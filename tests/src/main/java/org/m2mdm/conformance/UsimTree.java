package org.m2mdm.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.RspResources;
import org.m2mdm.mo.SimProvisioningResources;
import org.m2mdm.mo.UsimProfileResources;

/**
 * The client's USIM trees as seen over LwM2M: the USIM Profile instances (32769), 504 Remote SIM
 * Provisioning and 505 SIM Provisioning, with the reads, writes and executes the USIM cases use.
 */
final class UsimTree {

    /** One USIM Profile instance; never carries secrets (the object has none). */
    record Profile(int instance, String iccid, String imsi, String plmn, long state, boolean fallback,
            long lastAttachResult) {
        boolean enabledOrOnTrial() {
            return state == UsimProfileResources.STATE_ENABLED || state == UsimProfileResources.STATE_ON_TRIAL;
        }

        /** What "the profile list unchanged" compares: identity and state. */
        String summary() {
            return iccid + ":" + state + (fallback ? ":fallback" : "");
        }
    }

    private final ClientUnderTest client;

    UsimTree(ClientUnderTest client) {
        this.client = client;
    }

    int rspInstance() {
        return client.firstInstance(ObjectIds.RSP);
    }

    int simInstance() {
        return client.firstInstance(ObjectIds.SIM_PROVISIONING);
    }

    /** Every USIM Profile instance, ordered by instance id. */
    List<Profile> profiles() throws InterruptedException {
        ReadResponse r = client.send(new ReadRequest(ObjectIds.USIM_PROFILE));
        Responses.expectCode(r, "READ /" + ObjectIds.USIM_PROFILE, ResponseCode.CONTENT);
        LwM2mNode node = r.getContent();
        CaseFailure.check(node instanceof LwM2mObject,
                "READ /" + ObjectIds.USIM_PROFILE + ": expected an object, got " + Responses.describe(node));
        List<Profile> out = new ArrayList<>();
        for (LwM2mObjectInstance i : new TreeMap<>(((LwM2mObject) node).getInstances()).values()) {
            String at = "/" + ObjectIds.USIM_PROFILE + "/" + i.getId();
            out.add(new Profile(i.getId(), Responses.nonEmptyString(i.getResource(UsimProfileResources.ICCID),
                    at + "/0 ICCID"), text(i, UsimProfileResources.IMSI), text(i, UsimProfileResources.OPERATOR_PLMN),
                    number(i, UsimProfileResources.STATE, at + "/5 State"),
                    Boolean.TRUE.equals(value(i, UsimProfileResources.FALLBACK)),
                    numberOr(i, UsimProfileResources.LAST_ATTACH_RESULT, -1)));
        }
        return out;
    }

    /** The one profile in state enabled or on trial, or {@link CaseFailure} unless there is exactly one. */
    Profile active(List<Profile> profiles) {
        List<Profile> active = profiles.stream().filter(Profile::enabledOrOnTrial).toList();
        CaseFailure.check(active.size() == 1, "expected exactly one enabled profile in /" + ObjectIds.USIM_PROFILE
                + ", found " + active.size() + ": " + summaries(profiles));
        return active.get(0);
    }

    static List<String> summaries(List<Profile> profiles) {
        return profiles.stream().map(Profile::summary).toList();
    }

    /** 504 ICCID list (resource 11), instance order. */
    List<String> rspIccids() throws InterruptedException {
        int i = rspInstance();
        ReadResponse r = client.send(new ReadRequest(ObjectIds.RSP, i, RspResources.ICCID));
        Responses.expectCode(r, "READ /504/" + i + "/11", ResponseCode.CONTENT);
        List<String> out = new ArrayList<>();
        if (r.getContent() instanceof LwM2mMultipleResource m) {
            for (Map.Entry<Integer, LwM2mResourceInstance> e : new TreeMap<>(m.getInstances()).entrySet()) {
                out.add(String.valueOf(e.getValue().getValue()));
            }
        } else if (r.getContent() instanceof LwM2mResource single) {
            out.add(String.valueOf(single.getValue()));
        }
        return out;
    }

    long rspState() throws InterruptedException {
        int i = rspInstance();
        return Responses.longValue(client.send(new ReadRequest(ObjectIds.RSP, i, RspResources.RSP_UPDATE_STATE)),
                "READ /504/" + i + "/5");
    }

    long rspResult() throws InterruptedException {
        int i = rspInstance();
        return Responses.longValue(client.send(new ReadRequest(ObjectIds.RSP, i, RspResources.RSP_UPDATE_RESULT)),
                "READ /504/" + i + "/6");
    }

    String selectedIccid() throws InterruptedException {
        int i = rspInstance();
        return Responses.stringValue(client.send(new ReadRequest(ObjectIds.RSP, i, RspResources.SELECTED_ICCID)),
                "READ /504/" + i + "/14");
    }

    long simState() throws InterruptedException {
        int i = simInstance();
        return Responses.longValue(
                client.send(new ReadRequest(ObjectIds.SIM_PROVISIONING, i, SimProvisioningResources.UPDATE_STATE)),
                "READ /505/" + i + "/6");
    }

    long simResult() throws InterruptedException {
        int i = simInstance();
        return Responses.longValue(
                client.send(new ReadRequest(ObjectIds.SIM_PROVISIONING, i, SimProvisioningResources.UPDATE_RESULT)),
                "READ /505/" + i + "/7");
    }

    /** Writes an envelope to 505/x/3 as opaque (block-wise when large). */
    WriteResponse writePackage(byte[] envelope) throws InterruptedException {
        int i = simInstance();
        return client.send(new WriteRequest(ContentFormat.OPAQUE, ObjectIds.SIM_PROVISIONING, i,
                SimProvisioningResources.PROFILE_PACKAGE, envelope));
    }

    ExecuteResponse executeUpdateProfile() throws InterruptedException {
        int i = simInstance();
        return client.send(new ExecuteRequest(ObjectIds.SIM_PROVISIONING, i, SimProvisioningResources.UPDATE_PROFILE));
    }

    WriteResponse selectIccid(String iccid) throws InterruptedException {
        int i = rspInstance();
        return client.send(new WriteRequest(ObjectIds.RSP, i, RspResources.SELECTED_ICCID, iccid));
    }

    ExecuteResponse executeRsp(int action) throws InterruptedException {
        int i = rspInstance();
        return client.send(new ExecuteRequest(ObjectIds.RSP, i, RspResources.RSP_UPDATE, Integer.toString(action)));
    }

    private static Object value(LwM2mObjectInstance i, int resource) {
        LwM2mResource r = i.getResource(resource);
        return r == null || r.isMultiInstances() ? null : r.getValue();
    }

    private static String text(LwM2mObjectInstance i, int resource) {
        Object v = value(i, resource);
        return v == null ? "" : v.toString();
    }

    private static long number(LwM2mObjectInstance i, int resource, String what) {
        Object v = value(i, resource);
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new CaseFailure(what + " is missing or not an Integer");
    }

    private static long numberOr(LwM2mObjectInstance i, int resource, long otherwise) {
        return value(i, resource) instanceof Number n ? n.longValue() : otherwise;
    }
}
