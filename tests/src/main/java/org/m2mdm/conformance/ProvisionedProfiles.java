package org.m2mdm.conformance;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

import org.m2mdm.mo.payload.UsimProfilePayload;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriberProvisioning;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.UsimCredentials;

/**
 * Attachable profiles made on demand: fresh random credentials loaded into the operator's HSS
 * through its {@link SubscriberProvisioning} interface (network-sim's, or a real HSS adapter) as an
 * active subscription whose filter lets the terminal reach everything.
 */
public final class ProvisionedProfiles implements ProfileSupply {
    private final SubscriberProvisioning operator;
    private final String operatorName;
    private final SecureRandom random = new SecureRandom();

    public ProvisionedProfiles(SubscriberProvisioning operator, String operatorName) {
        this.operator = Objects.requireNonNull(operator, "operator");
        this.operatorName = Objects.requireNonNull(operatorName, "operatorName");
    }

    @Override
    public boolean hasAttachable() {
        return true;
    }

    @Override
    public Optional<UsimProfilePayload> attachable() {
        UsimProfilePayload p = ProfileSupply.randomProfile(operator.plmn().toString(), operatorName, random);
        operator.createSubscription(new UsimCredentials(Imsi.of(p.imsi(), p.mncLength()), Iccid.of(p.iccid()),
                K.of(p.k()), Opc.of(p.opc()), Algorithm.MILENAGE, Amf.of(p.amf())), SubscriptionState.ACTIVE,
                DestinationFilter.allowAll());
        return Optional.of(p);
    }
}
