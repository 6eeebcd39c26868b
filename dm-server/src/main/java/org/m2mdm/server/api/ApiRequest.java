package org.m2mdm.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed request as routes see it: the caller (null on public routes), path and query parameters and the
 * body, already bounded by the server's size limit.
 */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final Caller caller;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> queryParams;
    private final String contentType;
    private final byte[] body;

    public ApiRequest(String method, String path, Caller caller, Map<String, String> pathParams,
                      Map<String, List<String>> queryParams, String contentType, byte[] body) {
        this.method = method;
        this.path = path;
        this.caller = caller;
        this.pathParams = Map.copyOf(pathParams);
        this.queryParams = Map.copyOf(queryParams);
        this.contentType = contentType;
        this.body = body;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The authenticated tenant; routes marked public must not call this. */
    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("no caller on a public route");
        }
        return caller;
    }

    public String tenantId() {
        return caller().tenantId();
    }

    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return v;
    }

    public Optional<String> query(String name) {
        List<String> values = queryParams.get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(values.get(0));
    }

    public int intQuery(String name, int defaultValue, int min, int max) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw ApiException.badRequest("invalid_parameter", "query parameter '" + name + "' must be an integer from "
                + min + " to " + max);
    }

    /** The media type of the body without parameters, lower case; empty if absent. */
    public String contentType() {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase();
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public <T> T body(Class<T> type) {
        return JsonCodec.read(body, type);
    }

    public JsonNode bodyTree() {
        return JsonCodec.readTree(body);
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
