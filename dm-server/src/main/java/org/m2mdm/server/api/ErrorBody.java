package org.m2mdm.server.api;

/** The JSON body of every error response. */
public record ErrorBody(String code, String message) {
}
