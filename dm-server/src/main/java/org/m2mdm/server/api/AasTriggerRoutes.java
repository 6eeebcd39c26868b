package org.m2mdm.server.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.m2mdm.network.SmsState;
import org.m2mdm.network.SmsStatus;
import org.m2mdm.network.SmsSubmission;
import org.m2mdm.server.activation.OtaTrigger;
import org.m2mdm.server.connectivity.ConnectivityProviders;
import org.m2mdm.server.store.Device;
import org.m2mdm.server.store.DeviceStore;
import org.m2mdm.server.store.Subscription;
import org.m2mdm.server.store.SubscriptionStatus;
import org.m2mdm.server.store.SubscriptionStore;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;

/**
 * Scenario 2 (dynamic AAS): send a device the OTA SMS that tells it where the AAS is, and follow its delivery.
 * Trigger ids are remembered per device in memory (the simulated SMS centre does not survive a restart either).
 */
final class AasTriggerRoutes {

    /** Which subscription to reach (default: the device's only live one) and how long the network retries. */
    public record TriggerRequest(String subscriptionId, Integer validitySeconds) {
    }

    public record TriggerView(String smsId, String subscriptionId, String operatorPlmn, String imsi, SmsState state,
                              int attempts, Instant submittedAt, Instant expiresAt) {
    }

    private record Sent(String deviceId, Plmn plmn, String subscriptionId, String imsi) {
    }

    private final DeviceStore devices;
    private final SubscriptionStore subscriptions;
    private final OtaTrigger trigger;
    private final ConnectivityProviders connectivity;
    private final Audit audit;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();

    AasTriggerRoutes(DeviceStore devices, SubscriptionStore subscriptions, OtaTrigger trigger,
                     ConnectivityProviders connectivity, Audit audit) {
        this.devices = devices;
        this.subscriptions = subscriptions;
        this.trigger = trigger;
        this.connectivity = connectivity;
        this.audit = audit;
    }

    List<Route> routes() {
        String base = ApiServer.PREFIX + "/devices/{deviceId}/aas-trigger";
        return List.of(
                Route.post(base, "triggerAas", "Send the device an OTA SMS with the AAS address (scenario 2),"
                        + " retransmitted until acknowledged or expired", this::send)
                        .types(TriggerRequest.class, TriggerView.class).answering(202),
                Route.get(base + "/{smsId}", "getAasTrigger", "Delivery state of an AAS trigger", this::status)
                        .types(null, TriggerView.class))
                .stream().map(r -> r.tagged("activation")).toList();
    }

    private ApiResponse send(ApiRequest request) {
        Device device = device(request);
        if (trigger == null) {
            throw ApiException.unavailable("aas_unavailable", "this server runs no AAS with an SMS-capable"
                    + " connectivity provider");
        }
        TriggerRequest r = request.body().length == 0 ? new TriggerRequest(null, null)
                : request.body(TriggerRequest.class);
        int validity = r.validitySeconds() == null ? 600 : r.validitySeconds();
        if (validity < 1 || validity > 86_400) {
            throw ApiException.badRequest("invalid_field", "validitySeconds must be from 1 to 86400");
        }
        Subscription s = subscription(request.tenantId(), device, r.subscriptionId());
        Plmn plmn = Plmn.parse(s.operatorPlmn());
        if (connectivity.forOperator(plmn).isEmpty()) {
            throw ApiException.badRequest("unknown_operator", "no connectivity provider for operator " + plmn);
        }
        SmsSubmission submission = trigger.trigger(request.tenantId(), plmn, Imsi.of(s.imsi(), plmn.mnc().length()),
                Duration.ofSeconds(validity));
        sent.put(submission.id(), new Sent(device.id(), plmn, s.id(), s.imsi()));
        audit.ok(request, "device.aas-trigger", device.id(), "sms " + submission.id() + " to imsi " + s.imsi());
        return new ApiResponse(202, view(submission.id()), JsonCodec.JSON, Map.of("Location",
                ApiServer.PREFIX + "/devices/" + device.id() + "/aas-trigger/" + submission.id()));
    }

    private ApiResponse status(ApiRequest request) {
        Device device = device(request);
        String smsId = request.pathParam("smsId");
        Sent s = sent.get(smsId);
        if (s == null || !s.deviceId().equals(device.id())) {
            throw ApiException.notFound("trigger_not_found", "no AAS trigger '" + ApiRequest.abbreviate(smsId)
                    + "' for this device");
        }
        return ApiResponse.ok(view(smsId));
    }

    private TriggerView view(String smsId) {
        Sent s = sent.get(smsId);
        try {
            SmsStatus st = connectivity.require(s.plmn()).smsStatus(smsId);
            return new TriggerView(smsId, s.subscriptionId(), s.plmn().toString(), s.imsi(), st.state(), st.attempts(),
                    st.submittedAt(), st.expiresAt());
        } catch (NoSuchElementException e) {
            throw ApiException.notFound("trigger_not_found", "the SMS centre no longer knows trigger '"
                    + ApiRequest.abbreviate(smsId) + "'");
        }
    }

    private Device device(ApiRequest request) {
        String id = request.pathParam("deviceId");
        return devices.find(request.tenantId(), id).orElseThrow(() -> ApiException.notFound("device_not_found",
                "no device with id '" + ApiRequest.abbreviate(id) + "'"));
    }

    private Subscription subscription(String tenantId, Device device, String subscriptionId) {
        if (subscriptionId != null && !subscriptionId.isBlank()) {
            return subscriptions.find(tenantId, subscriptionId.trim()).filter(s -> s.deviceId().equals(device.id()))
                    .orElseThrow(() -> ApiException.notFound("subscription_not_found", "the device has no subscription"
                            + " '" + ApiRequest.abbreviate(subscriptionId) + "'"));
        }
        List<Subscription> live = subscriptions.forDevice(tenantId, device.id()).stream()
                .filter(s -> s.status() == SubscriptionStatus.ACTIVE).toList();
        if (live.size() != 1) {
            throw ApiException.conflict(live.isEmpty() ? "no_subscription" : "ambiguous_subscription", live.isEmpty()
                    ? "the device has no active subscription to send the trigger to"
                    : "the device has " + live.size() + " active subscriptions; name one with subscriptionId");
        }
        return live.get(0);
    }
}
