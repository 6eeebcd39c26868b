package org.m2mdm.server.usim;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.m2mdm.envelope.EnvelopeSealer;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.mo.ObjectIds;
import org.m2mdm.mo.RspResources;
import org.m2mdm.mo.SimProvisioningResources;
import org.m2mdm.mo.payload.UsimProfilePayload;
import org.m2mdm.server.jobs.JobAudit;
import org.m2mdm.server.jobs.JobExecution;
import org.m2mdm.server.jobs.JobHandler;
import org.m2mdm.server.jobs.JobOutcome;
import org.m2mdm.server.jobs.JobType;
import org.m2mdm.server.lwm2m.DeviceCertificates;
import org.m2mdm.server.lwm2m.DeviceUnreachableException;
import org.m2mdm.server.lwm2m.ManagementServerNode;
import org.m2mdm.server.lwm2m.RegistrationDirectory;
import org.m2mdm.server.lwm2m.ResourceValues;
import org.m2mdm.server.lwm2m.ServerRole;
import org.m2mdm.server.store.AuditLog;
import org.m2mdm.server.store.DeviceStore;
import org.m2mdm.server.store.UsimCredentialSet;
import org.m2mdm.server.store.UsimCredentialStore;
import org.m2mdm.server.store.UsimSecret;

/**
 * The USIM management server role: delivers a USIM credential set to a registered device as a {@code usim-profile}
 * envelope sealed at delivery time for the device's certificate (505/0/3, opaque, block-wise), installs it and
 * switches to it through 504/0/4, then follows 504 state/result until the device reports the switch committed or
 * rolled back. Every step first looks at the device, so running it again after a crash or a lost answer continues
 * where the device is instead of repeating what it already did; the envelope always carries the target's reserved
 * sequence number, so a copy the device already accepted is refused by its replay guard.
 */
public final class UsimManagementService {
    private static final int INSTANCE = 0;

    private final RegistrationDirectory directory;
    private final EnvelopeSealer sealer;
    private final UsimCredentialStore credentialSets;
    private final DeviceStore devices;
    private final JobAudit audit;
    private final Clock clock;
    private final Duration envelopeLifetime;
    private final Duration followTimeout;
    private final Duration pollInterval;

    private UsimManagementService(Builder b) {
        this.directory = Objects.requireNonNull(b.directory, "directory");
        this.sealer = Objects.requireNonNull(b.sealer, "sealer");
        this.credentialSets = Objects.requireNonNull(b.credentialSets, "usimCredentialStore");
        this.devices = Objects.requireNonNull(b.devices, "deviceStore");
        this.clock = b.clock;
        this.audit = new JobAudit(Objects.requireNonNull(b.audit, "auditLog"), clock, "usim-server");
        this.envelopeLifetime = b.envelopeLifetime;
        this.followTimeout = b.followTimeout;
        this.pollInterval = b.pollInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The job handler for {@link JobType#INSTALL_USIM_PROFILE_AND_SWITCH}; spec {@code {"credentialSetId":".."}} (one
     * device) or {@code {"operatorPlmn":"001-01"}} (each device gets a set of that operator from the pool).
     */
    public JobHandler installAndSwitchHandler() {
        return JobHandler.of(JobType.INSTALL_USIM_PROFILE_AND_SWITCH, this::installAndSwitch);
    }

    /** What 504/0 says right now. */
    record RspView(List<String> iccids, long state, long result, String selected) {
        String active() {
            return iccids.isEmpty() ? null : iccids.get(0);
        }
    }

    JobOutcome installAndSwitch(JobExecution ex) throws DeviceUnreachableException, InterruptedException {
        String endpoint = ex.endpoint();
        Optional<UsimCredentialSet> found = credentialSet(ex);
        if (found.isEmpty()) {
            return JobOutcome.failed(ex.spec().hasNonNull("credentialSetId")
                    ? "unknown USIM credential set " + ex.spec().get("credentialSetId").asText()
                    : "no free USIM credential set of operator " + ex.spec().path("operatorPlmn").asText()
                            + " in the pool");
        }
        UsimCredentialSet set = found.get();
        if (set.assignedDeviceId() != null && !set.assignedDeviceId().equals(ex.target().deviceId())) {
            return JobOutcome.failed("credential set " + set.id() + " is assigned to another device");
        }
        JobOutcome outcome = installAndSwitch(ex, set);
        if (outcome instanceof JobOutcome.Succeeded && set.assignedDeviceId() == null) {
            // the set now lives in this device: take it out of the pool
            credentialSets.assign(ex.tenantId(), set.id(), ex.target().deviceId());
        }
        return outcome;
    }

    private JobOutcome installAndSwitch(JobExecution ex, UsimCredentialSet set)
            throws DeviceUnreachableException, InterruptedException {
        String endpoint = ex.endpoint();
        ManagementServerNode node = node(endpoint);

        RspView v = readRsp(node, endpoint);
        if (v.state() != RspResources.STATE_IDLE) {
            // busy, e.g. with our own install or switch from before a crash: see how it ends
            return follow(ex, set.iccid());
        }
        if (set.iccid().equals(v.active())) {
            return JobOutcome.succeeded("profile " + set.iccid() + " is active");
        }
        if (!v.iccids().contains(set.iccid())) {
            JobOutcome refused = deliver(ex, node, set);
            if (refused != null) {
                return refused;
            }
        }
        JobOutcome enableRefused = enable(ex, node, set.iccid());
        if (enableRefused != null) {
            return enableRefused;
        }
        return follow(ex, set.iccid());
    }

    /**
     * The set to install: {@code credentialSetId} names it; or {@code operatorPlmn} takes the set of that operator
     * already assigned to the device (so a retry installs the same one) or else assigns one from the pool.
     */
    private Optional<UsimCredentialSet> credentialSet(JobExecution ex) {
        if (ex.spec().hasNonNull("credentialSetId")) {
            return credentialSets.find(ex.tenantId(), ex.requiredText("credentialSetId"));
        }
        if (!ex.spec().hasNonNull("operatorPlmn")) {
            throw new IllegalArgumentException("job spec needs 'credentialSetId' or 'operatorPlmn'");
        }
        String plmn = ex.requiredText("operatorPlmn");
        String deviceId = ex.target().deviceId();
        for (UsimCredentialSet s : credentialSets.forDevice(ex.tenantId(), deviceId)) {
            if (plmn.equals(s.operatorPlmn())) {
                return Optional.of(s);
            }
        }
        return credentialSets.assignFromPool(ex.tenantId(), plmn, deviceId);
    }

    /** Seals and pushes the envelope and installs it (disabled); null on success, else the failure. */
    private JobOutcome deliver(JobExecution ex, ManagementServerNode node, UsimCredentialSet set)
            throws DeviceUnreachableException, InterruptedException {
        String endpoint = ex.endpoint();
        Optional<X509Certificate> cert = DeviceCertificates.forSealing(devices, endpoint);
        if (cert.isEmpty()) {
            return JobOutcome.failed(DeviceCertificates.missing(endpoint));
        }
        // reserved (and stored on the target) before anything is sent: a retry re-sends the same number
        long sequence = ex.reserveSequence();
        byte[] envelope;
        UsimSecret secret = credentialSets.secret(ex.tenantId(), set.id()).orElse(null);
        if (secret == null) {
            return JobOutcome.failed("credential set " + set.id() + " has no secret");
        }
        try {
            UsimProfilePayload payload = UsimProfilePayload.builder().imsi(set.imsi(), mncLength(set.operatorPlmn()))
                    .iccid(set.iccid()).k(secret.k()).opc(secret.opc()).algorithm(set.algorithm())
                    .amf(new byte[] { (byte) (set.amf() >> 8), (byte) set.amf() }).operatorPlmn(set.operatorPlmn())
                    .fallback(false).build();
            envelope = sealer.seal(payload.encode(), PayloadType.USIM_PROFILE, cert.get(), sequence, envelopeLifetime);
        } finally {
            secret.destroy();
        }
        WriteResponse w = node.send(endpoint, new WriteRequest(ContentFormat.OPAQUE, ObjectIds.SIM_PROVISIONING,
                INSTANCE, SimProvisioningResources.PROFILE_PACKAGE, envelope));
        audit.record(ex, "usim.envelope.write", w.isSuccess() ? "OK" : "REJECTED",
                "sequence " + sequence + ", " + envelope.length + " bytes → " + w.getCode());
        if (!w.isSuccess()) {
            // the same sequence may have been accepted before a crash: then 505 still holds it as Downloaded
            long state = read505State(node, endpoint);
            if (state != SimProvisioningResources.STATE_DOWNLOADED) {
                long result = read505Result(node, endpoint);
                return JobOutcome.failed("device refused the usim-profile envelope (" + w.getCode() + ", 505 result "
                        + result + (w.getErrorMessage() == null ? "" : ", " + w.getErrorMessage()) + ")");
            }
        }
        ExecuteResponse install = node.send(endpoint, new ExecuteRequest(ObjectIds.RSP, INSTANCE,
                RspResources.RSP_UPDATE, String.valueOf(RspResources.ACTION_DOWNLOAD_AND_INSTALL)));
        if (!install.isSuccess()) {
            return JobOutcome.failed("device refused to install profile " + set.iccid() + " (" + install.getCode()
                    + (install.getErrorMessage() == null ? "" : ", " + install.getErrorMessage()) + ")");
        }
        // installing may run in the background on the device: wait (bounded) until it is idle again
        RspView after = awaitIdle(node, endpoint);
        if (after == null) {
            return JobOutcome.retry("install of " + set.iccid() + " not finished within " + followTimeout.toSeconds()
                    + " s");
        }
        if (!after.iccids().contains(set.iccid())) {
            return JobOutcome.failed("device did not install profile " + set.iccid() + " (504 result "
                    + after.result() + ")");
        }
        return null;
    }

    /** Selects the ICCID and executes enable; null if the device started the switch. */
    private JobOutcome enable(JobExecution ex, ManagementServerNode node, String iccid)
            throws DeviceUnreachableException, InterruptedException {
        String endpoint = ex.endpoint();
        WriteResponse sel = node.send(endpoint,
                new WriteRequest(ObjectIds.RSP, INSTANCE, RspResources.SELECTED_ICCID, iccid));
        if (!sel.isSuccess()) {
            return JobOutcome.failed("device refused Selected ICCID " + iccid + " (" + sel.getCode() + ")");
        }
        ExecuteResponse e = node.send(endpoint, new ExecuteRequest(ObjectIds.RSP, INSTANCE, RspResources.RSP_UPDATE,
                String.valueOf(RspResources.ACTION_ENABLE)));
        audit.record(ex, "usim.switch.requested", e.isSuccess() ? "OK" : "REJECTED",
                "enable " + iccid + " → " + e.getCode());
        if (!e.isSuccess()) {
            return JobOutcome.failed("device refused to enable " + iccid + " (" + e.getCode() + ")");
        }
        return null;
    }

    /**
     * Polls 504 (bounded) while the device switches: it detaches, attaches with the new profile and registers
     * again, so it is briefly unreachable; that is expected here.
     */
    private JobOutcome follow(JobExecution ex, String iccid) throws InterruptedException {
        String endpoint = ex.endpoint();
        Instant deadline = clock.instant().plus(followTimeout);
        String last = "no answer yet";
        while (clock.instant().isBefore(deadline)) {
            try {
                RspView v = readRsp(node(endpoint), endpoint);
                if (v.state() == RspResources.STATE_IDLE) {
                    return settled(v, iccid);
                }
                last = "504 state " + v.state() + ", result " + v.result();
            } catch (DeviceUnreachableException e) {
                last = e.getMessage();
            }
            Thread.sleep(pollInterval.toMillis());
        }
        return JobOutcome.retry("switch to " + iccid + " not confirmed within " + followTimeout.toSeconds() + " s ("
                + last + ")");
    }

    /** What an idle 504 says about the switch to {@code iccid}. */
    private static JobOutcome settled(RspView v, String iccid) {
        if (iccid.equals(v.active())) {
            return JobOutcome.succeeded("switched to profile " + iccid);
        }
        if (v.result() == RspResources.RESULT_ENABLE_FAILED) {
            return JobOutcome.rolledBack("device rolled back from " + iccid + " to " + v.active());
        }
        if (v.result() == RspResources.RESULT_INITIAL || v.result() == RspResources.RESULT_SUCCESS) {
            // idle without having switched (e.g. it was busy installing): the next run enables it
            return JobOutcome.retry("profile " + iccid + " not active yet (504 result " + v.result() + ")");
        }
        return JobOutcome.failed("switch to " + iccid + " failed (504 result " + v.result() + ")");
    }

    /** Polls until 504 is idle; null if it is still busy at the follow timeout. */
    private RspView awaitIdle(ManagementServerNode node, String endpoint)
            throws DeviceUnreachableException, InterruptedException {
        Instant deadline = clock.instant().plus(followTimeout);
        while (true) {
            RspView v = readRsp(node, endpoint);
            if (v.state() == RspResources.STATE_IDLE) {
                return v;
            }
            if (!clock.instant().isBefore(deadline)) {
                return null;
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    private ManagementServerNode node(String endpoint) throws DeviceUnreachableException {
        return directory.nodeFor(endpoint, ServerRole.USIM).orElseThrow(
                () -> new DeviceUnreachableException("no USIM management server runs in this process", false));
    }

    RspView readRsp(ManagementServerNode node, String endpoint)
            throws DeviceUnreachableException, InterruptedException {
        ReadResponse r = node.send(endpoint, new ReadRequest(ObjectIds.RSP, INSTANCE));
        if (!r.isSuccess() || !(r.getContent() instanceof LwM2mObjectInstance i)) {
            throw new DeviceUnreachableException("cannot read 504/0 of " + endpoint + ": " + r.getCode(), true);
        }
        List<String> iccids = ResourceValues.values(i, RspResources.ICCID).stream().map(Object::toString).toList();
        return new RspView(iccids, ResourceValues.integer(i, RspResources.RSP_UPDATE_STATE, -1),
                ResourceValues.integer(i, RspResources.RSP_UPDATE_RESULT, -1),
                ResourceValues.string(i, RspResources.SELECTED_ICCID));
    }

    private long read505State(ManagementServerNode node, String endpoint)
            throws DeviceUnreachableException, InterruptedException {
        return readInt(node, endpoint, ObjectIds.SIM_PROVISIONING, SimProvisioningResources.UPDATE_STATE);
    }

    private long read505Result(ManagementServerNode node, String endpoint)
            throws DeviceUnreachableException, InterruptedException {
        return readInt(node, endpoint, ObjectIds.SIM_PROVISIONING, SimProvisioningResources.UPDATE_RESULT);
    }

    private static long readInt(ManagementServerNode node, String endpoint, int object, int resource)
            throws DeviceUnreachableException, InterruptedException {
        ReadResponse r = node.send(endpoint, new ReadRequest(object, INSTANCE, resource));
        LwM2mNode content = r.getContent();
        if (r.isSuccess() && content instanceof org.eclipse.leshan.core.node.LwM2mSingleResource s
                && s.getValue() instanceof Number n) {
            return n.longValue();
        }
        return -1;
    }

    static int mncLength(String plmn) {
        int dash = plmn == null ? -1 : plmn.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("operator PLMN must be MCC-MNC, got " + plmn);
        }
        return plmn.length() - dash - 1;
    }

    /** Options; defaults: envelopes valid 1 day, follow a switch up to 120 s, polling every 500 ms. */
    public static final class Builder {
        private RegistrationDirectory directory;
        private EnvelopeSealer sealer;
        private UsimCredentialStore credentialSets;
        private DeviceStore devices;
        private AuditLog audit;
        private Clock clock = Clock.systemUTC();
        private Duration envelopeLifetime = Duration.ofDays(1);
        private Duration followTimeout = Duration.ofSeconds(120);
        private Duration pollInterval = Duration.ofMillis(500);

        public Builder directory(RegistrationDirectory directory) {
            this.directory = directory;
            return this;
        }

        /** Sealer holding this server's USIM_MANAGEMENT key and certificate chain. */
        public Builder sealer(EnvelopeSealer sealer) {
            this.sealer = sealer;
            return this;
        }

        public Builder usimCredentialStore(UsimCredentialStore store) {
            this.credentialSets = store;
            return this;
        }

        public Builder deviceStore(DeviceStore devices) {
            this.devices = devices;
            return this;
        }

        public Builder auditLog(AuditLog audit) {
            this.audit = audit;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder envelopeLifetime(Duration d) {
            this.envelopeLifetime = Objects.requireNonNull(d);
            return this;
        }

        /** How long one run waits for the device to confirm a switch before retrying later. */
        public Builder followTimeout(Duration d) {
            this.followTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder pollInterval(Duration d) {
            this.pollInterval = Objects.requireNonNull(d);
            return this;
        }

        public UsimManagementService build() {
            return new UsimManagementService(this);
        }
    }
}
