package org.m2mdm.server.api;

/** A documented query parameter of a route (documentation only; routes read parameters themselves). */
public record QueryParam(String name, String type, String description) {

    public static QueryParam string(String name, String description) {
        return new QueryParam(name, "string", description);
    }

    public static QueryParam integer(String name, String description) {
        return new QueryParam(name, "integer", description);
    }
}
