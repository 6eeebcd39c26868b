package org.m2mdm.conformance;

import java.util.List;
import java.util.Optional;

import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.server.registration.Registration;

/**
 * Cases every LwM2M client must pass: registration, Device object reads in TLV and SenML-JSON,
 * write/read-back and execute on harmless Server object resources, observe/notify, and the error
 * codes for an unknown object, a read-only resource and a malformed value. Cases that change a
 * value restore it.
 */
public final class GenericCases {
    private static final int SERVER_LIFETIME = 1;
    private static final int SERVER_UPDATE_TRIGGER = 8;
    private static final int MANUFACTURER = 0;
    private static final int MODEL_NUMBER = 1;
    private static final int SERIAL_NUMBER = 2;

    private GenericCases() {
    }

    /** The generic cases, in the order they run. */
    public static List<ConformanceCase> all() {
        return List.of(
                ConformanceCase.of("reg-01", "Registers with endpoint name and lifetime", GenericCases::always,
                        GenericCases::registers),
                ConformanceCase.of("reg-02", "Object links announce Server /1 and Device /3", GenericCases::always,
                        GenericCases::announcesServerAndDevice),
                ConformanceCase.of("dev-01", "Device /3/0 reads in TLV with manufacturer, model and serial",
                        c -> needs(c, LwM2mId.DEVICE), c -> readsDevice(c, ContentFormat.TLV)),
                ConformanceCase.of("dev-02", "Device /3/0 reads in SenML-JSON with manufacturer, model and serial",
                        GenericCases::senMlApplies, c -> readsDevice(c, ContentFormat.SENML_JSON)),
                ConformanceCase.of("wri-01", "Writes Server lifetime /1/x/1, reads it back, restores it",
                        c -> needs(c, LwM2mId.SERVER), GenericCases::writesLifetime),
                ConformanceCase.of("exe-01", "Executes Registration Update Trigger /1/x/8 and sends an update",
                        c -> needs(c, LwM2mId.SERVER), GenericCases::executesUpdateTrigger),
                ConformanceCase.of("obs-01", "Notifies an observer of /1/x/1 after a write", c -> needs(c,
                        LwM2mId.SERVER), GenericCases::notifiesObserver),
                ConformanceCase.of("err-01", "Answers 4.04 for an object it does not implement", GenericCases::always,
                        GenericCases::unknownObjectIsNotFound),
                ConformanceCase.of("err-02", "Answers 4.05 to a write on read-only Manufacturer /3/0/0",
                        c -> needs(c, LwM2mId.DEVICE), GenericCases::readOnlyWriteIsRefused),
                ConformanceCase.of("err-03", "Answers 4.00 to a lifetime write that is not a number",
                        c -> needs(c, LwM2mId.SERVER), GenericCases::malformedWriteIsRefused),
                ConformanceCase.of("err-04", "Answers 4.05 to an execute on non-executable /3/0/0",
                        c -> needs(c, LwM2mId.DEVICE), GenericCases::nonExecutableIsRefused));
    }

    private static Optional<String> always(ClientUnderTest client) {
        return Optional.empty();
    }

    static Optional<String> needs(ClientUnderTest client, int objectId) {
        return client.implementsObjects(objectId) ? Optional.empty()
                : Optional.of("client does not announce /" + objectId);
    }

    private static Optional<String> senMlApplies(ClientUnderTest client) {
        Optional<String> device = needs(client, LwM2mId.DEVICE);
        if (device.isPresent()) {
            return device;
        }
        LwM2mVersion version = client.registration().getLwM2mVersion();
        return version != null && version.olderThan(LwM2mVersion.V1_1)
                ? Optional.of("client registered as LwM2M " + version + " (SenML-JSON is 1.1)")
                : Optional.empty();
    }

    private static void registers(ClientUnderTest client) {
        Registration reg = client.registration();
        CaseFailure.check(client.endpoint().equals(reg.getEndpoint()),
                "registered endpoint is " + reg.getEndpoint() + ", expected " + client.endpoint());
        CaseFailure.check(reg.getLifeTimeInSec() != null && reg.getLifeTimeInSec() > 0,
                "registration lifetime is " + reg.getLifeTimeInSec() + ", expected a positive number of seconds");
        CaseFailure.check(reg.getObjectLinks() != null && reg.getObjectLinks().length > 0,
                "registration carries no object links");
        CaseFailure.check(reg.getBindingMode() != null && !reg.getBindingMode().isEmpty(),
                "registration carries no binding mode");
    }

    private static void announcesServerAndDevice(ClientUnderTest client) {
        CaseFailure.check(client.implementsObjects(LwM2mId.SERVER),
                "object links do not include /1 (Server): " + client.objectIds());
        CaseFailure.check(client.implementsObjects(LwM2mId.DEVICE),
                "object links do not include /3 (Device): " + client.objectIds());
        CaseFailure.check(!client.instances(LwM2mId.SERVER).isEmpty(), "object links list no /1 instance");
        CaseFailure.check(client.instances(LwM2mId.DEVICE).contains(0), "object links do not list /3/0");
    }

    private static void readsDevice(ClientUnderTest client, ContentFormat format) throws InterruptedException {
        ReadResponse r = client.send(new ReadRequest(format, LwM2mId.DEVICE, 0));
        String what = "READ /3/0 as " + format.getName();
        Responses.expectCode(r, what, ResponseCode.CONTENT);
        int got = Responses.contentFormat(r);
        CaseFailure.check(got == format.getCode(),
                what + ": answered in content format " + got + ", expected " + format.getCode());
        LwM2mNode node = r.getContent();
        CaseFailure.check(node instanceof LwM2mObjectInstance,
                what + ": expected an object instance, got " + Responses.describe(node));
        LwM2mObjectInstance device = (LwM2mObjectInstance) node;
        Responses.nonEmptyString(device.getResource(MANUFACTURER), what + ": Manufacturer /3/0/0");
        Responses.nonEmptyString(device.getResource(MODEL_NUMBER), what + ": Model Number /3/0/1");
        Responses.nonEmptyString(device.getResource(SERIAL_NUMBER), what + ": Serial Number /3/0/2");
    }

    /**
     * The Server instance for this suite's server: the one whose lifetime equals the registration's,
     * else the first one announced.
     */
    static int serverInstance(ClientUnderTest client) throws InterruptedException {
        long registered = client.registration().getLifeTimeInSec();
        List<Integer> instances = client.instances(LwM2mId.SERVER);
        CaseFailure.check(!instances.isEmpty(), "registration announces no /1 instance");
        for (int i : instances) {
            ReadResponse r = client.send(new ReadRequest(LwM2mId.SERVER, i, SERVER_LIFETIME));
            if (r.isSuccess() && r.getContent() instanceof LwM2mSingleResource s && s.getValue() instanceof Long l
                    && l == registered) {
                return i;
            }
        }
        return instances.get(0);
    }

    private static long readLifetime(ClientUnderTest client, int instance) throws InterruptedException {
        return Responses.longValue(client.send(new ReadRequest(LwM2mId.SERVER, instance, SERVER_LIFETIME)),
                "READ /1/" + instance + "/1");
    }

    private static void writeLifetime(ClientUnderTest client, int instance, long value) throws InterruptedException {
        WriteResponse w = client.send(new WriteRequest(LwM2mId.SERVER, instance, SERVER_LIFETIME, value));
        Responses.expectCode(w, "WRITE /1/" + instance + "/1 = " + value, ResponseCode.CHANGED);
    }

    private static long otherLifetime(long original) {
        return original > 3600 ? original - 60 : original + 60;
    }

    private static void writesLifetime(ClientUnderTest client) throws InterruptedException {
        int instance = serverInstance(client);
        long original = readLifetime(client, instance);
        long changed = otherLifetime(original);
        writeLifetime(client, instance, changed);
        try {
            long readBack = readLifetime(client, instance);
            CaseFailure.check(readBack == changed,
                    "wrote lifetime " + changed + " to /1/" + instance + "/1 but read back " + readBack);
        } finally {
            writeLifetime(client, instance, original);
        }
        long restored = readLifetime(client, instance);
        CaseFailure.check(restored == original,
                "restored lifetime " + original + " on /1/" + instance + "/1 but read back " + restored);
    }

    private static void executesUpdateTrigger(ClientUnderTest client) throws InterruptedException {
        int instance = serverInstance(client);
        long before = client.server().updateCount(client.endpoint());
        ExecuteResponse e = client.send(new ExecuteRequest(LwM2mId.SERVER, instance, SERVER_UPDATE_TRIGGER));
        Responses.expectCode(e, "EXECUTE /1/" + instance + "/8", ResponseCode.CHANGED);
        CaseFailure.check(client.server().awaitUpdateCountAbove(client.endpoint(), before, client.timeout()),
                "executed /1/" + instance + "/8 but no registration update arrived within "
                        + client.timeout().toSeconds() + " s");
    }

    private static void notifiesObserver(ClientUnderTest client) throws InterruptedException {
        int instance = serverInstance(client);
        long original = readLifetime(client, instance);
        long changed = otherLifetime(original);
        LwM2mPath path = new LwM2mPath(LwM2mId.SERVER, instance, SERVER_LIFETIME);
        ObserveResponse o = client.send(new ObserveRequest(LwM2mId.SERVER, instance, SERVER_LIFETIME));
        Responses.expectCode(o, "OBSERVE " + path, ResponseCode.CONTENT);
        CaseFailure.check(o.getObservation() != null, "OBSERVE " + path + " answered without an Observe option");
        try {
            int mark = client.server().notificationMark();
            writeLifetime(client, instance, changed);
            Optional<ConformanceServer.Notification> n = client.server().awaitNotification(client.endpoint(), path,
                    mark, node -> node instanceof LwM2mSingleResource s && Long.valueOf(changed).equals(s.getValue()),
                    client.timeout());
            CaseFailure.check(n.isPresent(), "no notification of " + path + " = " + changed + " within "
                    + client.timeout().toSeconds() + " s of the write");
        } finally {
            client.server().leshan().getObservationService().cancelObservations(client.registration(),
                    path.toString());
            writeLifetime(client, instance, original);
        }
    }

    private static void unknownObjectIsNotFound(ClientUnderTest client) throws InterruptedException {
        int unknown = 42769; // OMA "test" range; no production client implements it
        while (client.objectIds().contains(unknown)) {
            unknown++;
        }
        ReadResponse r = client.send(new ReadRequest(unknown, 0));
        Responses.expectCode(r, "READ /" + unknown + "/0", ResponseCode.NOT_FOUND);
    }

    private static void readOnlyWriteIsRefused(ClientUnderTest client) throws InterruptedException {
        String before = Responses.stringValue(client.send(new ReadRequest(LwM2mId.DEVICE, 0, MANUFACTURER)),
                "READ /3/0/0");
        WriteResponse w = client.send(new WriteRequest(LwM2mId.DEVICE, 0, MANUFACTURER, "conformance-overwrite"));
        Responses.expectCode(w, "WRITE /3/0/0", ResponseCode.METHOD_NOT_ALLOWED);
        String after = Responses.stringValue(client.send(new ReadRequest(LwM2mId.DEVICE, 0, MANUFACTURER)),
                "READ /3/0/0");
        CaseFailure.check(before.equals(after), "Manufacturer changed from '" + before + "' to '" + after
                + "' although the write was refused");
    }

    private static void malformedWriteIsRefused(ClientUnderTest client) throws InterruptedException {
        int instance = serverInstance(client);
        long before = readLifetime(client, instance);
        // text/plain "not-a-number" for an Integer resource: the suite's server sends it as is.
        WriteResponse w = client.send(
                new WriteRequest(ContentFormat.TEXT, LwM2mId.SERVER, instance, SERVER_LIFETIME, "not-a-number"));
        Responses.expectCode(w, "WRITE /1/" + instance + "/1 = 'not-a-number' (text/plain)",
                ResponseCode.BAD_REQUEST);
        long after = readLifetime(client, instance);
        CaseFailure.check(before == after,
                "lifetime changed from " + before + " to " + after + " although the write was refused");
    }

    private static void nonExecutableIsRefused(ClientUnderTest client) throws InterruptedException {
        ExecuteResponse e = client.send(new ExecuteRequest(LwM2mId.DEVICE, 0, MANUFACTURER));
        Responses.expectCode(e, "EXECUTE /3/0/0", ResponseCode.METHOD_NOT_ALLOWED);
    }
}
