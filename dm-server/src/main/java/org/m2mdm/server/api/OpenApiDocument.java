package org.m2mdm.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The OpenAPI 3 description of a {@link RouteTable}, generated from the very routes the router dispatches on.
 * Record request/response types are described field by field under {@code components/schemas}.
 */
public final class OpenApiDocument {
    private final ObjectNode json;
    private final Map<String, ObjectNode> schemas = new LinkedHashMap<>();

    public OpenApiDocument(RouteTable routes, String title, String version) {
        ObjectNode root = JsonCodec.mapper().createObjectNode();
        root.put("openapi", "3.0.3");
        root.putObject("info").put("title", title).put("version", version)
                .put("description", "Operator API of m2m-dm. Authenticate with 'Authorization: Bearer <token>'."
                        + " Errors are {\"code\", \"message\"}. Secrets (K, OPc, private keys) are never returned.");
        ObjectNode paths = root.putObject("paths");
        for (Route route : routes.routes()) {
            ObjectNode item = paths.has(route.template()) ? (ObjectNode) paths.get(route.template())
                    : paths.putObject(route.template());
            item.set(route.method().toLowerCase(), operation(route));
        }
        ObjectNode components = root.putObject("components");
        ObjectNode schemaNode = components.putObject("schemas");
        schemaFor(ErrorBody.class);
        new TreeSet<>(schemas.keySet()).forEach(name -> schemaNode.set(name, schemas.get(name)));
        components.putObject("securitySchemes").putObject("bearerAuth")
                .put("type", "http").put("scheme", "bearer");
        root.putArray("security").addObject().putArray("bearerAuth");
        this.json = root;
    }

    public ObjectNode json() {
        return json.deepCopy();
    }

    private ObjectNode operation(Route route) {
        ObjectNode op = JsonCodec.mapper().createObjectNode();
        op.put("operationId", route.operationId());
        op.put("summary", route.summary());
        op.putArray("tags").add(route.tag());
        if (!route.authenticated()) {
            op.putArray("security");
        }
        ArrayNode params = JsonCodec.mapper().createArrayNode();
        for (String name : route.pathParams()) {
            params.addObject().put("name", name).put("in", "path").put("required", true)
                    .putObject("schema").put("type", "string");
        }
        for (QueryParam q : route.queryParams()) {
            params.addObject().put("name", q.name()).put("in", "query").put("required", false)
                    .put("description", q.description()).putObject("schema").put("type", q.type());
        }
        if (!params.isEmpty()) {
            op.set("parameters", params);
        }
        if (!route.bodyTypes().isEmpty()) {
            ObjectNode content = op.putObject("requestBody").put("required", true).putObject("content");
            for (String type : route.bodyTypes()) {
                ObjectNode media = content.putObject(type);
                if (JsonCodec.JSON.equals(type)) {
                    media.set("schema", route.requestType() == null
                            ? JsonCodec.mapper().createObjectNode().put("type", "object")
                            : schemaFor(route.requestType()));
                } else {
                    media.putObject("schema").put("type", "string");
                }
            }
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject(String.valueOf(route.successStatus()))
                .put("description", route.successStatus() == 204 ? "done, no content" : "success");
        if (route.successStatus() != 204) {
            ok.putObject("content").putObject(JsonCodec.JSON).set("schema", route.responseType() == null
                    ? JsonCodec.mapper().createObjectNode().put("type", "object")
                    : schemaFor(route.responseType()));
        }
        ObjectNode error = responses.putObject("default").put("description", "error");
        error.putObject("content").putObject(JsonCodec.JSON).set("schema", ref(ErrorBody.class));
        return op;
    }

    private ObjectNode schemaFor(Type type) {
        ObjectNode node = JsonCodec.mapper().createObjectNode();
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            if (Collection.class.isAssignableFrom(raw)) {
                node.put("type", "array").set("items", schemaFor(p.getActualTypeArguments()[0]));
                return node;
            }
            if (Map.class.isAssignableFrom(raw)) {
                node.put("type", "object").set("additionalProperties", schemaFor(p.getActualTypeArguments()[1]));
                return node;
            }
            return schemaFor(raw);
        }
        if (!(type instanceof Class<?> c)) {
            return node.put("type", "object");
        }
        if (c == String.class || c == char.class) {
            return node.put("type", "string");
        }
        if (c == long.class || c == Long.class || c == int.class || c == Integer.class) {
            return node.put("type", "integer");
        }
        if (c == boolean.class || c == Boolean.class) {
            return node.put("type", "boolean");
        }
        if (c == double.class || c == Double.class) {
            return node.put("type", "number");
        }
        if (c == Instant.class) {
            return node.put("type", "string").put("format", "date-time");
        }
        if (c.isEnum()) {
            ArrayNode values = node.put("type", "string").putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                values.add(constant.toString());
            }
            return node;
        }
        if (c.isArray()) {
            node.put("type", "array").set("items", schemaFor(c.getComponentType()));
            return node;
        }
        if (c.isRecord()) {
            String name = c.getSimpleName();
            if (!schemas.containsKey(name)) {
                ObjectNode schema = JsonCodec.mapper().createObjectNode().put("type", "object");
                schemas.put(name, schema);
                ObjectNode props = schema.putObject("properties");
                for (RecordComponent rc : c.getRecordComponents()) {
                    // the JSON name, as Jackson writes it
                    JsonProperty renamed = rc.getAccessor().getAnnotation(JsonProperty.class);
                    String jsonName = renamed != null && !renamed.value().isEmpty() ? renamed.value()
                            : rc.getName();
                    props.set(jsonName, schemaFor(rc.getGenericType()));
                }
            }
            return ref(c);
        }
        return node.put("type", "object");
    }

    private static ObjectNode ref(Class<?> c) {
        return JsonCodec.mapper().createObjectNode().put("$ref", "#/components/schemas/" + c.getSimpleName());
    }
}
