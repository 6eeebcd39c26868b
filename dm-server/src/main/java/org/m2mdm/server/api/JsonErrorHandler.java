package org.m2mdm.server.api;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Errors raised by Jetty itself (bad request lines, unknown paths outside the API) also answer in JSON. */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String errorCode = switch (code) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "body_too_large";
            case 400 -> "bad_request";
            default -> code >= 500 ? "internal_error" : "http_" + code;
        };
        String text = code >= 500 ? "the server failed to process the request"
                : message == null || message.isBlank() ? "request failed with status " + code : message;
        byte[] bytes = JsonCodec.write(new ErrorBody(errorCode, text));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonCodec.JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, String.valueOf(bytes.length));
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
