package org.m2mdm.server.jobs;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.m2mdm.server.store.Job;
import org.m2mdm.server.store.JobStore;
import org.m2mdm.server.store.JobTarget;

/** One run of a handler for one claimed target. */
public final class JobExecution {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Job job;
    private final JobTarget target;
    private final JobStore jobStore;
    private JsonNode spec;

    public JobExecution(Job job, JobTarget target, JobStore jobStore) {
        this.job = Objects.requireNonNull(job);
        this.target = Objects.requireNonNull(target);
        this.jobStore = Objects.requireNonNull(jobStore);
    }

    public Job job() {
        return job;
    }

    public JobTarget target() {
        return target;
    }

    public String endpoint() {
        return target.endpoint();
    }

    public String tenantId() {
        return job.tenantId();
    }

    /** The job's spec as JSON; a malformed spec → IllegalArgumentException. */
    public JsonNode spec() {
        if (spec == null) {
            try {
                spec = job.specJson() == null ? JSON.createObjectNode() : JSON.readTree(job.specJson());
            } catch (Exception e) {
                throw new IllegalArgumentException("job spec is not valid JSON: " + e.getMessage());
            }
        }
        return spec;
    }

    /** A required text field of the spec. */
    public String requiredText(String field) {
        JsonNode n = spec().get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new IllegalArgumentException("job spec needs a text field '" + field + "'");
        }
        return n.asText();
    }

    /**
     * The envelope sequence number of this target: reserved once (durably, before anything is sent) and the same
     * on every retry, so a device that already accepted it refuses the copy as a replay.
     */
    public long reserveSequence() {
        return jobStore.reserveSequence(target.id());
    }
}
