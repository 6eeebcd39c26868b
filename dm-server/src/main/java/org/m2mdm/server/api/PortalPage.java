package org.m2mdm.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Serves the one-page operator portal at {@code /} (a static page that calls the API with a pasted token). */
final class PortalPage extends Handler.Abstract {
    private final byte[] page;

    PortalPage() {
        try (InputStream in = PortalPage.class.getResourceAsStream("/org/m2mdm/server/portal/index.html")) {
            if (in == null) {
                throw new IllegalStateException("portal page missing from the classpath");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getDecodedPath();
        if (!"/".equals(path) && !"/index.html".equals(path)) {
            return false;
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return false;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline' 'self';"
                + " style-src 'unsafe-inline' 'self'");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, String.valueOf(page.length));
        response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(page), callback);
        return true;
    }
}
