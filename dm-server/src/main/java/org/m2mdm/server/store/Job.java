package org.m2mdm.server.store;

import java.time.Instant;

/** A command pushed to a set of devices: its type (the JobHandler that runs it) and spec as JSON. */
public record Job(String id, String tenantId, String type, String specJson, String createdBy, Instant createdAt) {
}
