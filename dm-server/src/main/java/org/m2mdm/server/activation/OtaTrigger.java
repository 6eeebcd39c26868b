package org.m2mdm.server.activation;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import org.m2mdm.mo.payload.BootstrapTrigger;
import org.m2mdm.network.SmsSubmission;
import org.m2mdm.server.connectivity.ConnectivityProviders;
import org.m2mdm.server.store.AuditEvent;
import org.m2mdm.server.store.AuditLog;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;

/**
 * Scenario 2 ("dynamic AAS"): tells a terminal that does not know the AAS where it is, by an OTA SMS through the
 * operator's SMS centre, retransmitted by the network until the terminal acknowledges it or the validity ends.
 * The payload is mo-definitions' {@link BootstrapTrigger} ({@code M2MDM BOOTSTRAP aas=<address>}), the one format
 * the terminal understands. Nothing secret travels in it; the terminal still authenticates the AAS by DTLS.
 */
public final class OtaTrigger {
    /** One SMS: 160 characters of 7-bit text. */
    public static final int MAX_PAYLOAD = 160;

    private final ConnectivityProviders operators;
    private final Supplier<String> aasAddress;
    private final AuditLog audit;
    private final Clock clock;

    /** @param aasAddress usually {@code activationService::address} */
    public OtaTrigger(ConnectivityProviders operators, Supplier<String> aasAddress, AuditLog audit, Clock clock) {
        this.operators = Objects.requireNonNull(operators);
        this.aasAddress = Objects.requireNonNull(aasAddress);
        this.audit = Objects.requireNonNull(audit);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Submits the trigger to the subscriber {@code imsi} of operator {@code plmn}.
     *
     * @throws IllegalArgumentException no connectivity provider for that operator, or the address does not fit
     */
    public SmsSubmission trigger(String tenantId, Plmn plmn, Imsi imsi, Duration validity) {
        byte[] payload = encode(aasAddress.get());
        SmsSubmission s = operators.require(plmn).sendSms(imsi, payload, validity);
        audit.record(new AuditEvent("aas", tenantId, "aas.ota-trigger", imsi.toString(), "SUBMITTED",
                "sms " + s.id() + " via " + plmn + ", valid " + validity.toSeconds() + " s", clock.instant()));
        return s;
    }

    /** The trigger payload for an AAS address ({@code coap(s)://host[:port]}). */
    public static byte[] encode(String aasAddress) {
        byte[] p;
        try {
            p = BootstrapTrigger.to(aasAddress).encode();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("AAS address unusable in a bootstrap trigger: " + e.getMessage(), e);
        }
        if (p.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("AAS address too long for one SMS (" + p.length + " > " + MAX_PAYLOAD
                    + " octets)");
        }
        return p;
    }

    /** The AAS address in a trigger payload; anything else → IllegalArgumentException. */
    public static String decode(byte[] payload) {
        try {
            return BootstrapTrigger.decode(payload).aasAddress()
                    .orElseThrow(() -> new IllegalArgumentException("the trigger names no AAS address"));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an m2m-dm bootstrap trigger: " + e.getMessage(), e);
        }
    }
}
