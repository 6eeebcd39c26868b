package org.m2mdm.fleet;

import com.fasterxml.jackson.databind.JsonNode;

/** One answer of the dm-server HTTP API: the status code and the JSON body (a missing node when empty). */
public record ApiReply(int status, JsonNode body) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The error code of a JSON error body ({@code {"code":..,"message":..}}), or "" if there is none. */
    public String errorCode() {
        return body.path("code").asText("");
    }

    /** This reply, or an {@link ApiCallException} naming the call if it is not a 2xx. */
    public ApiReply orThrow(String call) {
        if (!isSuccess()) {
            throw new ApiCallException(call, this);
        }
        return this;
    }
}
