package org.m2mdm.fleet;

/** An API call that did not succeed; the message has the call, the status and the server's error body. */
public final class ApiCallException extends RuntimeException {
    private final transient ApiReply reply;

    public ApiCallException(String call, ApiReply reply) {
        super(call + " answered " + reply.status() + ": " + reply.body());
        this.reply = reply;
    }

    public ApiReply reply() {
        return reply;
    }
}
