package org.m2mdm.server.apps;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of a device to one LwM2M command.
 *
 * @param success whether the device answered with a success code
 * @param code the LwM2M/CoAP response code, e.g. "CONTENT", "NOT_FOUND"
 * @param content what was read or observed, as JSON (see {@link ObjectTree}); null otherwise
 * @param detail human-readable summary (an error message from the device if any)
 */
public record CommandResult(boolean success, String code, JsonNode content, String detail) {
}
