package org.m2mdm.server.api;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty handler for everything under the API prefix: route matching, bearer-token authentication,
 * bounded body reading, and the JSON error model. Blocking on purpose (bodies are read in the handler).
 */
public final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final String prefix;
    private final RouteTable routes;
    private final TokenVerifier tokens;
    private final int maxBodyBytes;

    public ApiHandler(String prefix, RouteTable routes, TokenVerifier tokens, int maxBodyBytes) {
        this.prefix = prefix;
        this.routes = routes;
        this.tokens = tokens;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getDecodedPath();
        if (path == null || !(path.equals(prefix) || path.startsWith(prefix + "/"))) {
            return false;
        }
        ApiResponse answer;
        try {
            answer = dispatch(request, path);
        } catch (ApiException e) {
            answer = error(e.status(), e.code(), e.getMessage());
            if (e.status() == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            }
        } catch (Exception e) {
            LOG.error("unhandled error on {} {}", request.getMethod(), path, e);
            answer = error(500, "internal_error", "the server failed to process the request");
        }
        write(response, callback, answer);
        return true;
    }

    private ApiResponse dispatch(Request request, String path) throws Exception {
        RouteTable.Match match = routes.match(request.getMethod(), path);
        if (match instanceof RouteTable.NotFound) {
            throw ApiException.notFound("no_such_route", "no API route " + ApiRequest.abbreviate(path));
        }
        if (match instanceof RouteTable.MethodNotAllowed m) {
            return new ApiResponse(405, new ErrorBody("method_not_allowed", "method " + request.getMethod()
                    + " is not allowed here; allowed: " + String.join(", ", m.allowed())), JsonCodec.JSON,
                    Map.of("Allow", String.join(", ", m.allowed())));
        }
        RouteTable.Found found = (RouteTable.Found) match;
        Route route = found.route();
        Caller caller = null;
        if (route.authenticated()) {
            caller = authenticate(request);
        }
        byte[] body = readBody(request);
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (body.length > 0 && !route.bodyTypes().isEmpty() && !accepts(route, contentType)) {
            throw new ApiException(415, "unsupported_media_type", "content type must be one of "
                    + String.join(", ", route.bodyTypes()));
        }
        ApiRequest apiRequest = new ApiRequest(request.getMethod(), path, caller, found.pathParams(),
                query(request), contentType, body);
        return route.handler().handle(apiRequest);
    }

    private Caller authenticate(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "missing_token", "an API token is required: Authorization: Bearer <token>");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new ApiException(401, "invalid_token", "the Authorization header must be 'Bearer <token>'");
        }
        Optional<Caller> caller = tokens.verify(header.substring(7).trim());
        return caller.orElseThrow(() -> new ApiException(401, "invalid_token", "the API token is not valid"));
    }

    private byte[] readBody(Request request) throws Exception {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw tooLarge();
            }
            return body;
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "body_too_large", "request body exceeds the limit of " + maxBodyBytes
                + " bytes");
    }

    private static boolean accepts(Route route, String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return route.bodyTypes().stream().anyMatch(t -> t.equalsIgnoreCase(type));
    }

    private static Map<String, List<String>> query(Request request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try {
            Fields fields = Request.extractQueryParameters(request);
            for (Fields.Field f : fields) {
                out.put(f.getName(), f.getValues());
            }
        } catch (RuntimeException e) {
            throw ApiException.badRequest("invalid_query", "the query string cannot be decoded");
        }
        return out;
    }

    static ApiResponse error(int status, String code, String message) {
        return new ApiResponse(status, new ErrorBody(code, message), JsonCodec.JSON, Map.of());
    }

    private static void write(Response response, Callback callback, ApiResponse answer) {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(new HttpField("X-Content-Type-Options", "nosniff"));
        answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        if (answer.body() == null) {
            response.write(true, null, callback);
            return;
        }
        byte[] bytes = answer.body() instanceof byte[] raw ? raw : JsonCodec.write(answer.body());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, String.valueOf(bytes.length));
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
