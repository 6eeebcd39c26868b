package org.m2mdm.server.api;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.m2mdm.server.StartupException;

/**
 * The operator HTTP server: Jetty 12 with the API under {@value #PREFIX}, its OpenAPI document at
 * {@value #OPENAPI_PATH} (generated from the same route table the router uses) and the portal page at {@code /}.
 */
public final class ApiServer implements AutoCloseable {
    public static final String PREFIX = "/api/v1";
    public static final String OPENAPI_PATH = PREFIX + "/openapi.json";

    private final String host;
    private final int port;
    private final RouteTable routes;
    private final Server jetty;
    private final ServerConnector connector;

    /**
     * @param host         interface to bind (127.0.0.1 by default in {@code ServerConfig})
     * @param port         TCP port, 0 for an ephemeral one
     * @param maxBodyBytes requests with a larger body get 413
     * @param apiRoutes    the API routes (the OpenAPI route is added here)
     * @param tokens       verifies bearer tokens for authenticated routes
     */
    public ApiServer(String host, int port, int maxBodyBytes, List<Route> apiRoutes, TokenVerifier tokens) {
        this.host = host;
        this.port = port;
        List<Route> all = new ArrayList<>(apiRoutes);
        OpenApiDocument[] doc = new OpenApiDocument[1];
        all.add(Route.get(OPENAPI_PATH, "getOpenApi", "This OpenAPI 3 document",
                        r -> ApiResponse.ok(doc[0].json()))
                .tagged("meta").publicAccess());
        this.routes = new RouteTable(all);
        doc[0] = new OpenApiDocument(routes, "m2m-dm operator API", "1");

        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("http");
        jetty = new Server(threads);
        org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(jetty, 1, 1, new org.eclipse.jetty.server.HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);
        jetty.setErrorHandler(new JsonErrorHandler());
        Handler.Sequence chain = new Handler.Sequence(
                new ApiHandler(PREFIX, routes, tokens, maxBodyBytes),
                new PortalPage(),
                new NotFound());
        jetty.setHandler(new ContextHandler(chain, "/"));
        jetty.setStopTimeout(2_000);
    }

    public RouteTable routes() {
        return routes;
    }

    public void start() {
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly();
            if (isBindFailure(e)) {
                throw new StartupException("HTTP port " + host + ":" + port
                        + " is already in use (or may not be bound); choose another with --http-port", e);
            }
            throw new StartupException("HTTP server failed to start: " + e.getMessage(), e);
        }
    }

    /** The bound port (the real one when 0 was configured). */
    public int port() {
        return connector.getLocalPort();
    }

    public URI uri() {
        return URI.create("http://" + host + ":" + port() + "/");
    }

    @Override
    public void close() {
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // stopping a half-started server can fail; nothing useful to do
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t instanceof IOException && String.valueOf(t.getMessage()).startsWith("Failed to bind"))) {
                return true;
            }
        }
        return false;
    }

    /** Anything outside the API and the portal: a JSON 404 rather than Jetty's HTML page. */
    private static final class NotFound extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            byte[] bytes = JsonCodec.write(new ErrorBody("not_found", "nothing here; the API is under " + PREFIX));
            response.setStatus(404);
            response.getHeaders().put("Content-Type", JsonCodec.JSON);
            response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
            return true;
        }
    }
}
