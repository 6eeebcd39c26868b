package org.m2mdm.server.apps;

import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.ObjectLink;

/**
 * The management-object tree as last read, as JSON kept on the device row:
 * {@code {"3":{"0":{"0":"Acme","9":87}},"504":{"0":{"11":{"0":"8901..."}}}}} — objects → instances → resources;
 * a multiple resource is an object of its instances; opaque values are {@code {"base64":".."}}. The Security object
 * (0) is never kept (it holds keys).
 */
public final class ObjectTree {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ObjectTree() {
    }

    /** Parses a stored tree; null or malformed → an empty tree. */
    public static ObjectNode parse(String json) {
        if (json == null || json.isBlank()) {
            return F.objectNode();
        }
        try {
            JsonNode n = JSON.readTree(json);
            return n instanceof ObjectNode o ? o : F.objectNode();
        } catch (Exception e) {
            return F.objectNode();
        }
    }

    public static String toJson(ObjectNode tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts what was read at {@code path} into the tree, replacing the part it covers. */
    public static ObjectNode merge(ObjectNode tree, LwM2mPath path, LwM2mNode content) {
        if (path.getObjectId() == null || path.getObjectId() == 0 || content == null) {
            return tree;
        }
        String obj = String.valueOf(path.getObjectId());
        if (content instanceof LwM2mObject o) {
            tree.set(obj, object(o));
            return tree;
        }
        ObjectNode objNode = child(tree, obj);
        if (content instanceof LwM2mObjectInstance i) {
            objNode.set(String.valueOf(i.getId()), instance(i));
            return tree;
        }
        ObjectNode instNode = child(objNode, String.valueOf(path.getObjectInstanceId()));
        if (content instanceof LwM2mResource r) {
            instNode.set(String.valueOf(r.getId()), resource(r));
        } else if (content instanceof LwM2mResourceInstance ri) {
            child(instNode, String.valueOf(path.getResourceId())).set(String.valueOf(ri.getId()),
                    value(ri.getValue()));
        }
        return tree;
    }

    /** JSON for any node (as returned to the API for a read). */
    public static JsonNode toJson(LwM2mNode node) {
        if (node instanceof LwM2mObject o) {
            return object(o);
        } else if (node instanceof LwM2mObjectInstance i) {
            return instance(i);
        } else if (node instanceof LwM2mResource r) {
            return resource(r);
        } else if (node instanceof LwM2mResourceInstance ri) {
            return value(ri.getValue());
        }
        return F.nullNode();
    }

    private static ObjectNode child(ObjectNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n instanceof ObjectNode o) {
            return o;
        }
        ObjectNode o = F.objectNode();
        parent.set(key, o);
        return o;
    }

    private static ObjectNode object(LwM2mObject o) {
        ObjectNode n = F.objectNode();
        for (LwM2mObjectInstance i : new TreeMap<>(o.getInstances()).values()) {
            n.set(String.valueOf(i.getId()), instance(i));
        }
        return n;
    }

    private static ObjectNode instance(LwM2mObjectInstance i) {
        ObjectNode n = F.objectNode();
        for (LwM2mResource r : new TreeMap<>(i.getResources()).values()) {
            n.set(String.valueOf(r.getId()), resource(r));
        }
        return n;
    }

    private static JsonNode resource(LwM2mResource r) {
        if (!r.isMultiInstances()) {
            return value(r.getValue());
        }
        ObjectNode n = F.objectNode();
        for (Map.Entry<Integer, LwM2mResourceInstance> e : new TreeMap<>(r.getInstances()).entrySet()) {
            n.set(String.valueOf(e.getKey()), value(e.getValue().getValue()));
        }
        return n;
    }

    private static JsonNode value(Object v) {
        if (v == null) {
            return F.nullNode();
        } else if (v instanceof byte[] b) {
            return F.objectNode().put("base64", Base64.getEncoder().encodeToString(b));
        } else if (v instanceof Boolean b) {
            return F.booleanNode(b);
        } else if (v instanceof Long l) {
            return F.numberNode(l);
        } else if (v instanceof Double d) {
            return F.numberNode(d);
        } else if (v instanceof Number num) {
            return F.textNode(num.toString());
        } else if (v instanceof Date d) {
            return F.textNode(d.toInstant().toString());
        } else if (v instanceof ObjectLink l) {
            return F.textNode(l.getObjectId() + ":" + l.getObjectInstanceId());
        }
        return F.textNode(v.toString());
    }
}
