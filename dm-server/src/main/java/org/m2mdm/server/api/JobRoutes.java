package org.m2mdm.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.m2mdm.server.jobs.JobType;
import org.m2mdm.server.store.AppParameterSetStore;
import org.m2mdm.server.store.Device;
import org.m2mdm.server.store.DeviceFilter;
import org.m2mdm.server.store.DeviceStore;
import org.m2mdm.server.store.Job;
import org.m2mdm.server.store.JobStore;
import org.m2mdm.server.store.JobTarget;
import org.m2mdm.server.store.NotFoundException;
import org.m2mdm.server.store.Page;
import org.m2mdm.server.store.TargetState;
import org.m2mdm.server.store.UsimCredentialStore;

/** Commands as durable jobs over one device or a selection (ids, a label, or every device of the tenant). */
final class JobRoutes {
    private static final Pattern LWM2M_PATH = Pattern.compile("/\\d{1,5}(/\\d{1,5}){0,3}");
    private static final int MAX_TARGETS = 100_000;

    /**
     * A command. {@code type} is a job type name; {@code spec} its parameters; the targets are exactly one of
     * {@code deviceIds}, {@code label} or {@code allDevices}.
     */
    public record JobRequest(String type, JsonNode spec, List<String> deviceIds, String label, Boolean allDevices) {
    }

    public record JobView(String id, String type, JsonNode spec, String createdBy, Instant createdAt) {
    }

    /** Per-state target counts. */
    public record JobCounts(long pending, long delivering, long succeeded,
                            @JsonProperty("rolled-back") long rolledBack, long failed, long total) {
    }

    public record TargetView(String deviceId, String endpoint, TargetState state, int attempts, String detail,
                             String lastError, Instant nextAttemptAt, Instant updatedAt) {
    }

    public record JobDetail(JobView job, JobCounts counts, List<TargetView> targets) {
    }

    public record JobPage(List<JobView> items, long total, int offset, int limit) {
    }

    private final JobStore jobs;
    private final DeviceStore devices;
    private final UsimCredentialStore credentials;
    private final AppParameterSetStore appParameters;
    private final Runnable jobCreated;
    private final Audit audit;

    JobRoutes(JobStore jobs, DeviceStore devices, UsimCredentialStore credentials, AppParameterSetStore appParameters,
              Runnable jobCreated, Audit audit) {
        this.jobs = jobs;
        this.devices = devices;
        this.credentials = credentials;
        this.appParameters = appParameters;
        this.jobCreated = jobCreated;
        this.audit = audit;
    }

    List<Route> routes() {
        String base = ApiServer.PREFIX + "/jobs";
        return List.of(
                Route.post(base, "createJob", "Start a command (" + String.join(", ", typeNames())
                                + ") for one device or a selection", this::create)
                        .types(JobRequest.class, JobDetail.class).answering(201),
                Route.get(base, "listJobs", "List jobs, newest first", this::list)
                        .withQuery(QueryParam.integer("offset", "rows to skip (default 0)"),
                                QueryParam.integer("limit", "rows to return, 1-500 (default 50)"))
                        .types(null, JobPage.class),
                Route.get(base + "/{jobId}", "getJob", "A job with per-state counts and per-device results",
                                this::show)
                        .types(null, JobDetail.class))
                .stream().map(r -> r.tagged("jobs")).toList();
    }

    private static List<String> typeNames() {
        return java.util.Arrays.stream(JobType.values()).map(Enum::name).toList();
    }

    private ApiResponse create(ApiRequest request) {
        JobRequest r = request.body(JobRequest.class);
        JobType type;
        try {
            type = JobType.parse(Validation.required(r.type(), "type"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unknown_job_type", e.getMessage());
        }
        if (r.spec() != null && !r.spec().isObject()) {
            throw ApiException.badRequest("invalid_spec", "spec must be a JSON object");
        }
        ObjectNode spec = r.spec() == null ? JsonCodec.mapper().createObjectNode() : (ObjectNode) r.spec();
        List<String> targets = select(request.tenantId(), r);
        checkSpec(request.tenantId(), type, spec, targets.size());
        Job job;
        try {
            job = jobs.createJob(request.tenantId(), type.name(), spec.toString(), targets,
                    "api:" + request.caller().tenantName());
        } catch (NotFoundException e) {
            // one of the ids is not this tenant's device: same answer as for a device that does not exist
            throw ApiException.notFound("device_not_found", "a device in deviceIds does not exist");
        }
        audit.ok(request, "job.create", job.id(), type.name() + " for " + targets.size() + " devices");
        jobCreated.run();
        return ApiResponse.created(detail(request.tenantId(), job), ApiServer.PREFIX + "/jobs/" + job.id());
    }

    private void checkSpec(String tenantId, JobType type, ObjectNode spec, int targetCount) {
        switch (type) {
            case INSTALL_USIM_PROFILE_AND_SWITCH -> {
                if (spec.hasNonNull("credentialSetId") == spec.hasNonNull("operatorPlmn")) {
                    throw ApiException.badRequest("invalid_spec", "spec needs exactly one of credentialSetId (one"
                            + " device) and operatorPlmn (each device gets a set of that operator from the pool)");
                }
                if (spec.hasNonNull("credentialSetId")) {
                    String id = text(spec, "credentialSetId");
                    if (credentials.find(tenantId, id).isEmpty()) {
                        throw ApiException.notFound("credential_set_not_found", "no credential set with id '"
                                + ApiRequest.abbreviate(id) + "'");
                    }
                    if (targetCount > 1) {
                        throw ApiException.badRequest("invalid_spec", "a credential set goes to one device; for "
                                + targetCount + " devices use operatorPlmn to take one set per device from the pool");
                    }
                } else {
                    try {
                        org.m2mdm.usim.Plmn.parse(text(spec, "operatorPlmn"));
                    } catch (IllegalArgumentException e) {
                        throw ApiException.badRequest("invalid_plmn", "spec.operatorPlmn must be MCC-MNC, e.g. 001-01");
                    }
                }
            }
            case WRITE_APP_PARAMETERS -> {
                String id = text(spec, "parameterSetId");
                if (appParameters.find(tenantId, id).isEmpty()) {
                    throw ApiException.notFound("parameter_set_not_found", "no parameter set with id '"
                            + ApiRequest.abbreviate(id) + "'");
                }
            }
            case LWM2M_READ, LWM2M_OBSERVE -> path(spec, 1);
            case LWM2M_EXECUTE -> {
                path(spec, 3);
                JsonNode args = spec.get("arguments");
                if (args != null && !args.isTextual()) {
                    throw ApiException.badRequest("invalid_spec", "spec.arguments must be a string");
                }
            }
            case LWM2M_WRITE -> {
                path(spec, 3);
                JsonNode value = spec.get("value");
                JsonNode base64 = spec.get("base64");
                if ((value == null) == (base64 == null)) {
                    throw ApiException.badRequest("invalid_spec", "spec needs exactly one of 'value' and 'base64'");
                }
                if (value != null && !(value.isTextual() || value.isNumber() || value.isBoolean())) {
                    throw ApiException.badRequest("invalid_spec", "spec.value must be a string, number or boolean");
                }
                if (base64 != null) {
                    try {
                        java.util.Base64.getDecoder().decode(base64.asText());
                    } catch (IllegalArgumentException e) {
                        throw ApiException.badRequest("invalid_spec", "spec.base64 is not valid base64");
                    }
                }
            }
            default -> throw ApiException.badRequest("unknown_job_type", "job type " + type + " is not supported");
        }
    }

    private static String text(ObjectNode spec, String field) {
        JsonNode n = spec.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw ApiException.badRequest("invalid_spec", "spec." + field + " is required");
        }
        return n.asText();
    }

    private static void path(ObjectNode spec, int minDepth) {
        String p = text(spec, "path");
        if (!LWM2M_PATH.matcher(p).matches() || p.split("/").length - 1 < minDepth) {
            throw ApiException.badRequest("invalid_path", "spec.path must be a LwM2M path like /3/0/1"
                    + (minDepth == 3 ? " naming a resource" : ""));
        }
    }

    private List<String> select(String tenantId, JobRequest r) {
        boolean byIds = r.deviceIds() != null && !r.deviceIds().isEmpty();
        boolean byLabel = r.label() != null && !r.label().isBlank();
        boolean all = Boolean.TRUE.equals(r.allDevices());
        if ((byIds ? 1 : 0) + (byLabel ? 1 : 0) + (all ? 1 : 0) != 1) {
            throw ApiException.badRequest("invalid_selection", "give exactly one of deviceIds, label and"
                    + " allDevices=true");
        }
        List<String> ids;
        if (byIds) {
            Set<String> unique = new LinkedHashSet<>();
            for (String id : r.deviceIds()) {
                unique.add(Validation.required(id, "deviceIds[]"));
            }
            ids = new ArrayList<>(unique);
        } else if (byLabel) {
            ids = devices.idsWithLabel(tenantId, Validation.label(r.label()));
        } else {
            ids = new ArrayList<>();
            int offset = 0;
            while (true) {
                Page<Device> page = devices.list(tenantId, DeviceFilter.all(), offset, 500);
                page.items().forEach(d -> ids.add(d.id()));
                offset += page.items().size();
                if (page.items().isEmpty() || offset >= page.total()) {
                    break;
                }
            }
        }
        if (ids.isEmpty()) {
            throw ApiException.badRequest("no_targets", "the selection matches no device");
        }
        if (ids.size() > MAX_TARGETS) {
            throw ApiException.badRequest("too_many_targets", "at most " + MAX_TARGETS + " devices per job");
        }
        return ids;
    }

    private ApiResponse list(ApiRequest request) {
        int offset = request.intQuery("offset", 0, 0, Integer.MAX_VALUE);
        int limit = request.intQuery("limit", 50, 1, 500);
        Page<Job> page = jobs.list(request.tenantId(), offset, limit);
        return ApiResponse.ok(new JobPage(page.items().stream().map(JobRoutes::view).toList(), page.total(), offset,
                limit));
    }

    private ApiResponse show(ApiRequest request) {
        String id = request.pathParam("jobId");
        Job job = jobs.find(request.tenantId(), id).orElseThrow(() -> ApiException.notFound("job_not_found",
                "no job with id '" + ApiRequest.abbreviate(id) + "'"));
        return ApiResponse.ok(detail(request.tenantId(), job));
    }

    private JobDetail detail(String tenantId, Job job) {
        Map<TargetState, Long> c = jobs.countsByState(tenantId, job.id());
        long total = c.values().stream().mapToLong(Long::longValue).sum();
        JobCounts counts = new JobCounts(c.getOrDefault(TargetState.PENDING, 0L),
                c.getOrDefault(TargetState.DELIVERING, 0L), c.getOrDefault(TargetState.SUCCEEDED, 0L),
                c.getOrDefault(TargetState.ROLLED_BACK, 0L), c.getOrDefault(TargetState.FAILED, 0L), total);
        List<TargetView> targets = jobs.targets(tenantId, job.id()).stream().map(JobRoutes::view).toList();
        return new JobDetail(view(job), counts, targets);
    }

    static JobView view(Job j) {
        JsonNode spec;
        try {
            spec = JsonCodec.mapper().readTree(j.specJson());
        } catch (IOException e) {
            spec = null;
        }
        return new JobView(j.id(), j.type(), spec, j.createdBy(), j.createdAt());
    }

    static TargetView view(JobTarget t) {
        return new TargetView(t.deviceId(), t.endpoint(), t.state(), t.attempts(), t.detail(), t.lastError(),
                t.nextAttemptAt(), t.updatedAt());
    }
}
