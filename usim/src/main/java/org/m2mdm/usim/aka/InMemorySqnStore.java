package org.m2mdm.usim.aka;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Sqn;

/** A thread-safe {@link SqnStore} in memory; every subscriber starts at SQN 0. */
public final class InMemorySqnStore implements SqnStore {
    private final ConcurrentMap<Imsi, Sqn> sqns = new ConcurrentHashMap<>();

    @Override
    public Sqn advance(Imsi imsi) {
        requireImsi(imsi);
        return sqns.compute(imsi, (i, current) -> AuthenticationCentre.nextSqn(current == null ? Sqn.of(0) : current));
    }

    @Override
    public void resynchronised(Imsi imsi, Sqn sqnMs) {
        requireImsi(imsi);
        if (sqnMs == null) {
            throw new IllegalArgumentException("SQN_MS must not be null");
        }
        sqns.put(imsi, sqnMs);
    }

    @Override
    public Optional<Sqn> current(Imsi imsi) {
        requireImsi(imsi);
        return Optional.ofNullable(sqns.get(imsi));
    }

    private static void requireImsi(Imsi imsi) {
        if (imsi == null) {
            throw new IllegalArgumentException("IMSI must not be null");
        }
    }
}
