package org.m2mdm.server.store;

/** A target handed to a job engine by a claim, with its job (type and spec). */
public record ClaimedTarget(Job job, JobTarget target) {
}
