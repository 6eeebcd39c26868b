package org.m2mdm.server.api;

/** The body of one route: turns a parsed request into a response or throws {@link ApiException}. */
@FunctionalInterface
public interface RouteHandler {
    ApiResponse handle(ApiRequest request) throws Exception;
}
