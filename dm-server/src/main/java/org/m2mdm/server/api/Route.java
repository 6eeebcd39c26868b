package org.m2mdm.server.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the route table. The router dispatches on it and {@link OpenApiDocument} documents it,
 * so the served API and its OpenAPI description come from the same list and cannot drift apart.
 *
 * @param method        HTTP method (upper case)
 * @param template      full path with {@code {name}} parameters, e.g. {@code /api/v1/devices/{id}}
 * @param operationId   OpenAPI operation id
 * @param summary       one line for the OpenAPI document
 * @param tag           OpenAPI tag (group)
 * @param authenticated whether a tenant bearer token is required
 * @param queryParams   documented query parameters
 * @param bodyTypes     accepted request content types (empty: no body)
 * @param successStatus the status of a successful answer
 * @param requestType   the JSON request body type, for the document (may be null)
 * @param responseType  the JSON response body type, for the document (may be null)
 * @param handler       what runs
 */
public record Route(String method, String template, String operationId, String summary, String tag,
                    boolean authenticated, List<QueryParam> queryParams, List<String> bodyTypes,
                    int successStatus, Class<?> requestType, Class<?> responseType, RouteHandler handler) {

    public Route {
        Objects.requireNonNull(method);
        Objects.requireNonNull(template);
        Objects.requireNonNull(handler);
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("route template must start with '/': " + template);
        }
        queryParams = List.copyOf(queryParams);
        bodyTypes = List.copyOf(bodyTypes);
    }

    public static Route get(String template, String operationId, String summary, RouteHandler handler) {
        return new Route("GET", template, operationId, summary, "default", true, List.of(), List.of(), 200,
                null, null, handler);
    }

    public static Route post(String template, String operationId, String summary, RouteHandler handler) {
        return new Route("POST", template, operationId, summary, "default", true, List.of(), List.of(JsonCodec.JSON),
                200, null, null, handler);
    }

    public static Route put(String template, String operationId, String summary, RouteHandler handler) {
        return new Route("PUT", template, operationId, summary, "default", true, List.of(), List.of(JsonCodec.JSON),
                200, null, null, handler);
    }

    public static Route delete(String template, String operationId, String summary, RouteHandler handler) {
        return new Route("DELETE", template, operationId, summary, "default", true, List.of(), List.of(), 204,
                null, null, handler);
    }

    public Route tagged(String newTag) {
        return new Route(method, template, operationId, summary, newTag, authenticated, queryParams, bodyTypes,
                successStatus, requestType, responseType, handler);
    }

    public Route publicAccess() {
        return new Route(method, template, operationId, summary, tag, false, queryParams, bodyTypes, successStatus,
                requestType, responseType, handler);
    }

    public Route withQuery(QueryParam... params) {
        List<QueryParam> all = new ArrayList<>(queryParams);
        all.addAll(List.of(params));
        return new Route(method, template, operationId, summary, tag, authenticated, all, bodyTypes, successStatus,
                requestType, responseType, handler);
    }

    public Route accepting(String... contentTypes) {
        return new Route(method, template, operationId, summary, tag, authenticated, queryParams,
                List.of(contentTypes), successStatus, requestType, responseType, handler);
    }

    public Route answering(int status) {
        return new Route(method, template, operationId, summary, tag, authenticated, queryParams, bodyTypes, status,
                requestType, responseType, handler);
    }

    /** Documents the request and response body types (records are described field by field). */
    public Route types(Class<?> request, Class<?> response) {
        return new Route(method, template, operationId, summary, tag, authenticated, queryParams, bodyTypes,
                successStatus, request, response, handler);
    }

    /** The names of the {@code {param}} segments, in order. */
    public List<String> pathParams() {
        List<String> names = new ArrayList<>();
        for (String segment : segments()) {
            if (isParam(segment)) {
                names.add(segment.substring(1, segment.length() - 1));
            }
        }
        return names;
    }

    List<String> segments() {
        return RouteTable.split(template);
    }

    static boolean isParam(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }
}
