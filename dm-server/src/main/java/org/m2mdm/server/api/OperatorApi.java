package org.m2mdm.server.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.m2mdm.server.connectivity.ConnectivityProviders;
import org.m2mdm.server.connectivity.DestinationFilterText;
import org.m2mdm.server.store.ActivationEntryStore;
import org.m2mdm.server.store.AppParameterSetStore;
import org.m2mdm.server.store.AuditLog;
import org.m2mdm.server.store.DeviceStore;
import org.m2mdm.server.store.JobStore;
import org.m2mdm.server.store.ManagementServerStore;
import org.m2mdm.server.store.SubscriptionStore;
import org.m2mdm.server.store.TenantStore;
import org.m2mdm.server.store.UsimCredentialStore;

/**
 * The operator API's route table over the stores: devices, subscriptions, AAS entries, credential and parameter
 * sets, jobs, tenant/audit. Build it, then hand {@link #routes()} and {@link #tokenVerifier()} to an
 * {@link ApiServer}.
 */
public final class OperatorApi {
    private final List<Route> routes;
    private final TokenVerifier tokens;

    private OperatorApi(Builder b) {
        Audit audit = new Audit(b.audit, b.clock);
        List<Route> all = new ArrayList<>();
        all.addAll(new TenantRoutes(b.audit, b.tenants, audit).routes());
        all.addAll(new DeviceRoutes(b.devices, b.subscriptions, b.registrations, audit).routes());
        all.addAll(new SubscriptionRoutes(b.subscriptions, b.devices, b.credentials, b.connectivity, b.operatorPlmn,
                b.initialFilter, audit).routes());
        all.addAll(new AasTriggerRoutes(b.devices, b.subscriptions, b.aasTrigger, b.connectivity, audit).routes());
        all.addAll(new CredentialRoutes(b.credentials, b.appParameters, b.operatorPlmn, audit).routes());
        all.addAll(new ActivationRoutes(b.activationEntries, b.managementServers, audit).routes());
        all.addAll(new JobRoutes(b.jobs, b.devices, b.credentials, b.appParameters, b.jobCreated, audit).routes());
        this.routes = List.copyOf(all);
        TenantStore tenants = b.tenants;
        this.tokens = token -> tenants.authenticate(token).map(t -> new Caller(t.id(), t.name()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with every store taken from the facade. */
    public static Builder over(org.m2mdm.server.store.Stores stores) {
        return new Builder().tenants(stores.tenants()).devices(stores.devices()).subscriptions(stores.subscriptions())
                .credentials(stores.usimCredentials()).appParameters(stores.appParameters())
                .managementServers(stores.managementServers()).activationEntries(stores.activationEntries())
                .jobs(stores.jobs()).audit(stores.audit());
    }

    public List<Route> routes() {
        return routes;
    }

    /** Bearer tokens checked against the tenant store (hashed there). */
    public TokenVerifier tokenVerifier() {
        return tokens;
    }

    /** The collaborators of the API; all stores are required, the rest have defaults. */
    public static final class Builder {
        private TenantStore tenants;
        private DeviceStore devices;
        private SubscriptionStore subscriptions;
        private UsimCredentialStore credentials;
        private AppParameterSetStore appParameters;
        private ManagementServerStore managementServers;
        private ActivationEntryStore activationEntries;
        private JobStore jobs;
        private AuditLog audit;
        private RegistrationLookup registrations = RegistrationLookup.none();
        private Runnable jobCreated = () -> { };
        private String operatorPlmn;
        private ConnectivityProviders connectivity = ConnectivityProviders.none();
        private String initialFilter = DestinationFilterText.ALLOW_ALL;
        private org.m2mdm.server.activation.OtaTrigger aasTrigger;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder tenants(TenantStore s) {
            this.tenants = s;
            return this;
        }

        public Builder devices(DeviceStore s) {
            this.devices = s;
            return this;
        }

        public Builder subscriptions(SubscriptionStore s) {
            this.subscriptions = s;
            return this;
        }

        public Builder credentials(UsimCredentialStore s) {
            this.credentials = s;
            return this;
        }

        public Builder appParameters(AppParameterSetStore s) {
            this.appParameters = s;
            return this;
        }

        public Builder managementServers(ManagementServerStore s) {
            this.managementServers = s;
            return this;
        }

        public Builder activationEntries(ActivationEntryStore s) {
            this.activationEntries = s;
            return this;
        }

        public Builder jobs(JobStore s) {
            this.jobs = s;
            return this;
        }

        public Builder audit(AuditLog s) {
            this.audit = s;
            return this;
        }

        /** Live registration state for "show device" (default: none). */
        public Builder registrations(RegistrationLookup lookup) {
            this.registrations = lookup;
            return this;
        }

        /** Called after a job was created (e.g. the job engine's pollSoon). */
        public Builder onJobCreated(Runnable hook) {
            this.jobCreated = hook;
            return this;
        }

        /** The PLMN credential sets belong to when a request names none (the server's own operator). */
        public Builder operatorPlmn(String plmn) {
            this.operatorPlmn = plmn;
            return this;
        }

        /** The operators whose AuC/HSS subscriptions the API may create (default: none). */
        public Builder connectivity(ConnectivityProviders providers) {
            this.connectivity = providers;
            return this;
        }

        /**
         * The initial-connectivity filter of a new subscription when the request gives none, in
         * {@link DestinationFilterText} form (default allow-all; the server sets "AAS and management servers only").
         */
        public Builder initialFilter(String filterText) {
            DestinationFilterText.parse(filterText);
            this.initialFilter = filterText;
            return this;
        }

        /** Sends scenario-2 OTA triggers (null: the trigger route answers 503). */
        public Builder aasTrigger(org.m2mdm.server.activation.OtaTrigger trigger) {
            this.aasTrigger = trigger;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public OperatorApi build() {
            for (Object o : new Object[] {tenants, devices, subscriptions, credentials, appParameters,
                    managementServers, activationEntries, jobs, audit}) {
                Objects.requireNonNull(o, "every store must be given to OperatorApi.Builder");
            }
            Objects.requireNonNull(registrations, "registrations");
            Objects.requireNonNull(connectivity, "connectivity");
            return new OperatorApi(this);
        }
    }
}
