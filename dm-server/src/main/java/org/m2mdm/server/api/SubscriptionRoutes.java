package org.m2mdm.server.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.server.connectivity.ConnectivityProvider;
import org.m2mdm.server.connectivity.ConnectivityProviders;
import org.m2mdm.server.connectivity.DestinationFilterText;
import org.m2mdm.server.connectivity.SubscriptionExistsException;
import org.m2mdm.server.connectivity.UnknownSubscriberException;
import org.m2mdm.server.store.Device;
import org.m2mdm.server.store.DeviceStore;
import org.m2mdm.server.store.DuplicateKeyException;
import org.m2mdm.server.store.NewSubscription;
import org.m2mdm.server.store.Subscription;
import org.m2mdm.server.store.SubscriptionStatus;
import org.m2mdm.server.store.SubscriptionStore;
import org.m2mdm.server.store.UsimCredentialSet;
import org.m2mdm.server.store.UsimCredentialStore;
import org.m2mdm.server.store.UsimSecret;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.synthetic.Ku;
import org.m2mdm.usim.synthetic.SyntheticCredentials;

/**
 * Subscriptions and connectivity activation: by device id (a credential set is loaded into the operator's AuC),
 * or by Ku as printed on the terminal's label (scenario 3: f(Ku) is derived for the operator's PLMN and loaded;
 * only the Ku fingerprint is ever stored), plus filter, bar, re-activate and terminate.
 */
final class SubscriptionRoutes {

    public record SubscriptionView(String id, String deviceId, String operatorPlmn, String imsi,
                                   SubscriptionStatus status, String filter, String credentialSetId,
                                   Instant createdAt, Instant updatedAt) {
    }

    /** Activate by device: the credential set is given or taken from the operator's pool. */
    public record ActivationRequest(String deviceId, String operatorPlmn, String credentialSetId, String filter,
                                    SubscriptionStatus state) {
    }

    /** Activate by Ku as printed on the label (groups may be separated by spaces or dashes). */
    public record KuActivationRequest(String ku, String operatorPlmn, String filter, SubscriptionStatus state) {
        @Override
        public String toString() {
            return "KuActivationRequest[ku redacted, operatorPlmn=" + operatorPlmn + "]";
        }
    }

    public record FilterRequest(String filter) {
    }

    private final SubscriptionStore subscriptions;
    private final DeviceStore devices;
    private final UsimCredentialStore credentials;
    private final ConnectivityProviders connectivity;
    private final String defaultPlmn;
    private final String defaultFilter;
    private final Audit audit;

    SubscriptionRoutes(SubscriptionStore subscriptions, DeviceStore devices, UsimCredentialStore credentials,
                       ConnectivityProviders connectivity, String defaultPlmn, String defaultFilter, Audit audit) {
        this.subscriptions = subscriptions;
        this.devices = devices;
        this.credentials = credentials;
        this.connectivity = connectivity;
        this.defaultPlmn = defaultPlmn;
        this.defaultFilter = defaultFilter;
        this.audit = audit;
    }

    List<Route> routes() {
        String base = ApiServer.PREFIX + "/subscriptions";
        return List.of(
                Route.post(base, "activateDevice", "Activate connectivity for a device: load a credential set"
                                + " (given, or the next one of the operator's pool) into the operator's AuC",
                                this::activateDevice)
                        .types(ActivationRequest.class, SubscriptionView.class).answering(201),
                Route.post(base + "/activate-by-ku", "activateByKu", "Activate connectivity with the Ku printed on"
                                + " the terminal (synthetic credentials f(Ku)); a typo gives 400 ku_typo",
                                this::activateByKu)
                        .types(KuActivationRequest.class, SubscriptionView.class).answering(201),
                Route.get(base, "listSubscriptions", "List subscriptions", this::list)
                        .types(null, SubscriptionView[].class),
                Route.get(base + "/{subscriptionId}", "getSubscription", "One subscription", this::show)
                        .types(null, SubscriptionView.class),
                Route.put(base + "/{subscriptionId}/filter", "setSubscriptionFilter", "Set the initial-connectivity"
                                + " filter: \"allow-all\", \"none\" or address:port,address:port", this::setFilter)
                        .types(FilterRequest.class, SubscriptionView.class),
                Route.post(base + "/{subscriptionId}/activate", "reactivateSubscription",
                        "Re-activate a barred or inactive subscription", r -> change(r, Change.ACTIVATE))
                        .accepting().types(null, SubscriptionView.class),
                Route.post(base + "/{subscriptionId}/bar", "barSubscription", "Bar a subscription",
                        r -> change(r, Change.BAR)).accepting().types(null, SubscriptionView.class),
                Route.post(base + "/{subscriptionId}/terminate", "terminateSubscription",
                        "Terminate a subscription (removed from the operator's HSS; final)",
                        r -> change(r, Change.TERMINATE)).accepting().types(null, SubscriptionView.class))
                .stream().map(r -> r.tagged("subscriptions")).toList();
    }

    private ApiResponse activateDevice(ApiRequest request) {
        ActivationRequest r = request.body(ActivationRequest.class);
        String deviceId = Validation.required(r.deviceId(), "deviceId");
        Device device = devices.find(request.tenantId(), deviceId).orElseThrow(() -> ApiException.notFound(
                "device_not_found", "no device with id '" + ApiRequest.abbreviate(deviceId) + "'"));
        Plmn plmn = plmn(r.operatorPlmn());
        ConnectivityProvider provider = provider(plmn);
        DestinationFilter filter = filter(r.filter());

        boolean fromPool = r.credentialSetId() == null || r.credentialSetId().isBlank();
        UsimCredentialSet set;
        if (fromPool) {
            set = credentials.assignFromPool(request.tenantId(), plmn.toString(), device.id()).orElseThrow(() ->
                    ApiException.conflict("pool_exhausted", "no unassigned credential set of operator " + plmn
                            + " is left"));
        } else {
            set = credentials.find(request.tenantId(), r.credentialSetId().trim()).orElseThrow(() ->
                    ApiException.notFound("credential_set_not_found", "no credential set with id '"
                            + ApiRequest.abbreviate(r.credentialSetId()) + "'"));
            if (!set.operatorPlmn().equals(plmn.toString())) {
                throw ApiException.badRequest("operator_mismatch", "credential set " + set.id() + " belongs to operator "
                        + set.operatorPlmn() + ", not " + plmn);
            }
            if (set.assignedDeviceId() != null && !set.assignedDeviceId().equals(device.id())) {
                throw ApiException.conflict("credential_set_assigned", "credential set " + set.id()
                        + " is assigned to another device");
            }
        }
        UsimSecret secret = credentials.secret(request.tenantId(), set.id()).orElseThrow(() ->
                new IllegalStateException("credential set without secret"));
        UsimCredentials creds;
        try {
            creds = new UsimCredentials(Imsi.of(set.imsi(), plmn.mnc().length()), Iccid.of(set.iccid()),
                    K.of(secret.k()), Opc.of(secret.opc()), Algorithm.valueOf(set.algorithm()), Amf.of(set.amf()));
        } finally {
            secret.destroy();
        }
        Subscription created;
        try {
            created = load(request, device, plmn, provider, creds, filter, set.id(), initial(r.state()));
        } catch (RuntimeException e) {
            if (fromPool) {
                credentials.assign(request.tenantId(), set.id(), null);
            }
            throw e;
        }
        if (!fromPool) {
            credentials.assign(request.tenantId(), set.id(), device.id());
        }
        audit.ok(request, "subscription.activate", created.id(), "device " + device.id() + " imsi " + created.imsi()
                + " operator " + plmn);
        return ApiResponse.created(view(created), ApiServer.PREFIX + "/subscriptions/" + created.id());
    }

    private ApiResponse activateByKu(ApiRequest request) {
        KuActivationRequest r = request.body(KuActivationRequest.class);
        Ku ku = Validation.ku(r.ku());
        Plmn plmn = plmn(r.operatorPlmn());
        ConnectivityProvider provider = provider(plmn);
        DestinationFilter filter = filter(r.filter());
        Device device = devices.findByKuFingerprint(request.tenantId(), ku.fingerprint()).orElseThrow(() -> {
            audit.rejected(request, "subscription.activate-by-ku", null, "unknown Ku fingerprint "
                    + ku.fingerprint().substring(0, 12));
            return ApiException.notFound("unknown_ku", "no device of this tenant was registered with this Ku");
        });
        UsimCredentials creds = SyntheticCredentials.derive(ku, plmn);
        Subscription created = load(request, device, plmn, provider, creds, filter, null, initial(r.state()));
        audit.ok(request, "subscription.activate-by-ku", created.id(), "device " + device.id() + " imsi "
                + created.imsi() + " operator " + plmn);
        return ApiResponse.created(view(created), ApiServer.PREFIX + "/subscriptions/" + created.id());
    }

    /** AuC first, then our record; if the record cannot be written the AuC entry is removed again. */
    private Subscription load(ApiRequest request, Device device, Plmn plmn, ConnectivityProvider provider,
                              UsimCredentials creds, DestinationFilter filter, String credentialSetId,
                              SubscriptionStatus initial) {
        String imsi = creds.imsi().digits();
        if (subscriptions.findByImsi(request.tenantId(), plmn.toString(), imsi).isPresent()) {
            throw ApiException.conflict("subscription_exists", "operator " + plmn + " already has a subscription"
                    + " for IMSI " + imsi);
        }
        try {
            provider.createSubscription(creds, initial == SubscriptionStatus.ACTIVE ? SubscriptionState.ACTIVE
                    : SubscriptionState.INACTIVE, filter);
        } catch (SubscriptionExistsException e) {
            throw ApiException.conflict("subscription_exists", "operator " + plmn + " already has a subscription"
                    + " for IMSI " + imsi);
        }
        try {
            return subscriptions.create(request.tenantId(), new NewSubscription(device.id(), plmn.toString(), imsi,
                    initial, DestinationFilterText.format(filter), credentialSetId));
        } catch (RuntimeException e) {
            provider.terminate(creds.imsi());
            if (e instanceof DuplicateKeyException) {
                throw ApiException.conflict("subscription_exists", "a subscription for IMSI " + imsi + " exists");
            }
            throw e;
        }
    }

    /** A new subscription starts ACTIVE unless INACTIVE is asked for (loaded into the AuC, not yet usable). */
    private static SubscriptionStatus initial(SubscriptionStatus requested) {
        if (requested == null || requested == SubscriptionStatus.ACTIVE) {
            return SubscriptionStatus.ACTIVE;
        }
        if (requested == SubscriptionStatus.INACTIVE) {
            return SubscriptionStatus.INACTIVE;
        }
        throw ApiException.badRequest("invalid_state", "a new subscription's state must be ACTIVE or INACTIVE");
    }

    private enum Change { ACTIVATE, BAR, TERMINATE }

    private ApiResponse change(ApiRequest request, Change change) {
        Subscription s = find(request);
        if (s.status() == SubscriptionStatus.TERMINATED) {
            throw ApiException.conflict("subscription_terminated", "subscription " + s.id() + " is terminated");
        }
        ConnectivityProvider provider = provider(Plmn.parse(s.operatorPlmn()));
        Imsi imsi = Imsi.of(s.imsi(), Plmn.parse(s.operatorPlmn()).mnc().length());
        SubscriptionStatus next;
        try {
            switch (change) {
                case ACTIVATE -> {
                    provider.activate(imsi);
                    next = SubscriptionStatus.ACTIVE;
                }
                case BAR -> {
                    provider.bar(imsi);
                    next = SubscriptionStatus.BARRED;
                }
                default -> {
                    provider.terminate(imsi);
                    next = SubscriptionStatus.TERMINATED;
                }
            }
        } catch (UnknownSubscriberException e) {
            if (change != Change.TERMINATE) {
                throw ApiException.conflict("not_in_network", "operator " + s.operatorPlmn()
                        + " has no subscription for IMSI " + s.imsi() + " any more");
            }
            next = SubscriptionStatus.TERMINATED;
        }
        subscriptions.setStatus(request.tenantId(), s.id(), next);
        audit.ok(request, "subscription." + change.name().toLowerCase(), s.id(), "imsi " + s.imsi());
        return ApiResponse.ok(view(subscriptions.find(request.tenantId(), s.id()).orElseThrow()));
    }

    private ApiResponse setFilter(ApiRequest request) {
        Subscription s = find(request);
        DestinationFilter filter = filter(Validation.required(request.body(FilterRequest.class).filter(), "filter"));
        if (s.status() == SubscriptionStatus.TERMINATED) {
            throw ApiException.conflict("subscription_terminated", "subscription " + s.id() + " is terminated");
        }
        Plmn plmn = Plmn.parse(s.operatorPlmn());
        try {
            provider(plmn).setFilter(Imsi.of(s.imsi(), plmn.mnc().length()), filter);
        } catch (UnknownSubscriberException e) {
            throw ApiException.conflict("not_in_network", "operator " + plmn + " has no subscription for IMSI "
                    + s.imsi() + " any more");
        }
        subscriptions.setFilter(request.tenantId(), s.id(), DestinationFilterText.format(filter));
        audit.ok(request, "subscription.filter", s.id(), DestinationFilterText.format(filter));
        return ApiResponse.ok(view(subscriptions.find(request.tenantId(), s.id()).orElseThrow()));
    }

    private ApiResponse list(ApiRequest request) {
        return ApiResponse.ok(subscriptions.list(request.tenantId()).stream().map(SubscriptionRoutes::view).toList());
    }

    private ApiResponse show(ApiRequest request) {
        return ApiResponse.ok(view(find(request)));
    }

    private Subscription find(ApiRequest request) {
        String id = request.pathParam("subscriptionId");
        return subscriptions.find(request.tenantId(), id).orElseThrow(() -> ApiException.notFound(
                "subscription_not_found", "no subscription with id '" + ApiRequest.abbreviate(id) + "'"));
    }

    private Plmn plmn(String text) {
        String t = text == null || text.isBlank() ? defaultPlmn : text.trim();
        if (t == null) {
            throw ApiException.badRequest("missing_field", "field 'operatorPlmn' is required");
        }
        try {
            return Plmn.parse(t);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_plmn", "operatorPlmn must be MCC-MNC, e.g. 001-01");
        }
    }

    private ConnectivityProvider provider(Plmn plmn) {
        Optional<ConnectivityProvider> p = connectivity.forOperator(plmn);
        return p.orElseThrow(() -> ApiException.badRequest("unknown_operator", "this server has no connectivity"
                + " provider for operator " + plmn));
    }

    private DestinationFilter filter(String text) {
        String t = text == null || text.isBlank() ? defaultFilter : text;
        try {
            return DestinationFilterText.parse(t);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_filter", e.getMessage());
        }
    }

    static SubscriptionView view(Subscription s) {
        return new SubscriptionView(s.id(), s.deviceId(), s.operatorPlmn(), s.imsi(), s.status(), s.filter(),
                s.credentialSetId(), s.createdAt(), s.updatedAt());
    }
}
