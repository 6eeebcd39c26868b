package org.m2mdm.server.api;

import java.util.Map;

/** What a route answers: a status and a body that is written as JSON (or raw bytes for {@link #raw}). */
public record ApiResponse(int status, Object body, String contentType, Map<String, String> headers) {

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, JsonCodec.JSON, Map.of());
    }

    public static ApiResponse created(Object body, String location) {
        return new ApiResponse(201, body, JsonCodec.JSON, Map.of("Location", location));
    }

    public static ApiResponse accepted(Object body) {
        return new ApiResponse(202, body, JsonCodec.JSON, Map.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, null, Map.of());
    }

    public static ApiResponse raw(byte[] body, String contentType) {
        return new ApiResponse(200, body, contentType, Map.of());
    }
}
