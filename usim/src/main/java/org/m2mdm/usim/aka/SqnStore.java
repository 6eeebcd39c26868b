package org.m2mdm.usim.aka;

import java.util.Optional;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Sqn;

/** SQN_HE per subscriber, the network side's share of AKA state (an HSS keeps it next to K and OPc). */
public interface SqnStore {

    /** Advances the subscriber's SQN_HE with {@link AuthenticationCentre#nextSqn} and returns the new value. */
    Sqn advance(Imsi imsi);

    /** Sets SQN_HE to the SQN_MS recovered by {@link AuthenticationCentre#resynchronise}. */
    void resynchronised(Imsi imsi, Sqn sqnMs);

    /** The subscriber's current SQN_HE, if a vector was ever made for it. */
    Optional<Sqn> current(Imsi imsi);
}
