package org.m2mdm.client.profiles;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/** Makes fresh USIM profiles with random K/OPc and provisions them in a simulated network. */
public final class TestProfiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private TestProfiles() {
    }

    public static UsimCredentials credentials(Plmn plmn) {
        long n = SERIAL.incrementAndGet();
        String msin = String.format("%010d", n % 10_000_000_000L);
        Imsi imsi = Imsi.of(plmn, msin);
        Iccid iccid = Iccid.withCheckDigit("8900" + plmn.mcc() + String.format("%012d", n % 1_000_000_000_000L));
        return new UsimCredentials(imsi, iccid, K.of(bytes(16)), Opc.of(bytes(16)), Algorithm.MILENAGE,
                Amf.SEPARATION_BIT);
    }

    public static StoredProfile profile(int instanceId, UsimCredentials c, Plmn plmn, ProfileOrigin origin) {
        return new StoredProfile(instanceId, c, plmn, "Operator " + plmn, "", origin, Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** A profile whose subscription is active (allow-all filter) in {@code network}. */
    public static StoredProfile provisioned(SimulatedNetwork network, Plmn plmn, int instanceId) {
        UsimCredentials c = credentials(plmn);
        network.provisioning(plmn).createSubscription(c, SubscriptionState.ACTIVE, DestinationFilter.allowAll());
        return profile(instanceId, c, plmn, ProfileOrigin.DOWNLOAD);
    }

    /** A profile the network does not know (attach gets UNKNOWN_IMSI). */
    public static StoredProfile unknown(Plmn plmn, int instanceId) {
        return profile(instanceId, credentials(plmn), plmn, ProfileOrigin.DOWNLOAD);
    }

    /** A profile whose IMSI is provisioned with a different K (attach gets AUTHENTICATION_FAILURE). */
    public static StoredProfile wrongKey(SimulatedNetwork network, Plmn plmn, int instanceId) {
        UsimCredentials c = credentials(plmn);
        network.provisioning(plmn).createSubscription(new UsimCredentials(c.imsi(), c.iccid(), K.of(bytes(16)), c.opc(),
                c.algorithm(), c.amf()), SubscriptionState.ACTIVE, DestinationFilter.allowAll());
        return profile(instanceId, c, plmn, ProfileOrigin.DOWNLOAD);
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
