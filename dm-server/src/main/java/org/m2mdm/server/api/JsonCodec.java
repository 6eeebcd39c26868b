package org.m2mdm.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.stream.Collectors;

/** The API's one Jackson configuration, and the translation of Jackson failures into client errors. */
public final class JsonCodec {
    public static final String JSON = "application/json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses a request body into {@code type}; any failure is a 400 naming the line/column or the field. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw ApiException.badRequest("missing_body", "a JSON request body is required");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw ApiException.badRequest("missing_body", "a JSON request body is required");
            }
            return value;
        } catch (IOException e) {
            throw translate(e);
        }
    }

    public static JsonNode readTree(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("missing_body", "a JSON request body is required");
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    /**
     * Maps a Jackson failure onto a message that names where it went wrong but does not echo the input
     * (a malformed credential upload must not bounce key material into logs or proxies).
     */
    public static ApiException translate(IOException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return ApiException.badRequest("unknown_field", "unknown field '" + u.getPropertyName() + "'"
                    + where(u));
        }
        if (e instanceof InvalidFormatException f) {
            return ApiException.badRequest("invalid_field", "field " + path(f) + " has the wrong format, expected "
                    + f.getTargetType().getSimpleName() + where(f));
        }
        if (e instanceof MismatchedInputException m) {
            String p = path(m);
            return ApiException.badRequest("invalid_field", (p.equals("''") ? "the body" : "field " + p)
                    + " has the wrong type or is missing" + where(m));
        }
        if (e instanceof JsonMappingException m && m.getCause() instanceof ApiException api) {
            return api;
        }
        if (e instanceof JsonMappingException m && m.getCause() instanceof IllegalArgumentException iae) {
            return ApiException.badRequest("invalid_field", "field " + path(m) + ": " + iae.getMessage());
        }
        if (e instanceof JsonProcessingException p) {
            String at = p.getLocation() == null ? ""
                    : " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr();
            return ApiException.badRequest("malformed_json", "request body is not valid JSON" + at);
        }
        return ApiException.badRequest("malformed_json", "request body could not be read");
    }

    private static String path(JsonMappingException e) {
        return "'" + e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") + "'";
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }
}
