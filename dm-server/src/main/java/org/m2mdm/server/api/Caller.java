package org.m2mdm.server.api;

/** The authenticated tenant behind a request; every data access of a route is scoped by it. */
public record Caller(String tenantId, String tenantName) {
}
