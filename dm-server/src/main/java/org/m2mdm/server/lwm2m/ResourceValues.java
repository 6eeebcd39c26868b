package org.m2mdm.server.lwm2m;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;

/** Reads typed values out of an object instance as Leshan decoded it (Long for integers, String, byte[] ...). */
public final class ResourceValues {
    private ResourceValues() {
    }

    /** A single resource's value, or null if absent. */
    public static Object value(LwM2mObjectInstance instance, int resourceId) {
        LwM2mResource r = instance == null ? null : instance.getResource(resourceId);
        if (r == null || r.isMultiInstances()) {
            return null;
        }
        return r.getValue();
    }

    /** An integer resource, or {@code dflt} if absent or not a number. */
    public static long integer(LwM2mObjectInstance instance, int resourceId, long dflt) {
        Object v = value(instance, resourceId);
        return v instanceof Number n ? n.longValue() : dflt;
    }

    /** A string resource, or null. */
    public static String string(LwM2mObjectInstance instance, int resourceId) {
        Object v = value(instance, resourceId);
        return v == null ? null : v.toString();
    }

    /** The values of a multiple resource in instance-id order (empty if absent). */
    public static List<Object> values(LwM2mObjectInstance instance, int resourceId) {
        LwM2mResource r = instance == null ? null : instance.getResource(resourceId);
        if (r == null) {
            return List.of();
        }
        if (!r.isMultiInstances()) {
            return r.getValue() == null ? List.of() : List.of(r.getValue());
        }
        Map<Integer, LwM2mResourceInstance> sorted = new TreeMap<>(r.getInstances());
        List<Object> out = new ArrayList<>();
        for (LwM2mResourceInstance i : sorted.values()) {
            out.add(i.getValue());
        }
        return out;
    }
}
