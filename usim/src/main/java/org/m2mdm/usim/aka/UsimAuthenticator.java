package org.m2mdm.usim.aka;

import java.security.MessageDigest;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Sqn;
import org.m2mdm.usim.milenage.Milenage;
import org.m2mdm.usim.milenage.MilenageResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal side of UMTS AKA (TS 33.102 §6.3.3): the USIM checks AUTN and answers RES, a synchronisation
 * failure with AUTS, or a MAC failure. SQN freshness follows {@link SqnState} (Annex C array scheme).
 *
 * <p>Thread-safe; after each run persist {@link #state()} so a replay is still refused after a restart.
 * The AMF separation bit is not checked (no E-UTRAN key derivation here).
 */
public final class UsimAuthenticator implements AkaResponder {
    private static final Logger LOG = LoggerFactory.getLogger(UsimAuthenticator.class);

    private final Milenage milenage;
    private SqnState state;

    public UsimAuthenticator(K k, Opc opc, SqnState state) {
        if (k == null || opc == null || state == null) {
            throw new IllegalArgumentException("K, OPc and SqnState must not be null");
        }
        this.milenage = Milenage.ofOpc(k.bytes(), opc.bytes());
        this.state = state;
    }

    @Override
    public synchronized AkaResponse respond(byte[] rand, byte[] autn) {
        Bytes.check("RAND", rand, 16);
        Bytes.check("AUTN", autn, 16);
        byte[] ak = milenage.ak(rand);
        byte[] sqnBytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            sqnBytes[i] = (byte) (autn[i] ^ ak[i]);
        }
        byte[] amf = {autn[6], autn[7]};
        byte[] mac = new byte[8];
        System.arraycopy(autn, 8, mac, 0, 8);

        MilenageResult r = milenage.compute(rand, sqnBytes, amf);
        if (!MessageDigest.isEqual(r.macA(), mac)) {
            LOG.debug("AUTN rejected: MAC-A does not verify");
            return new AkaResponse.MacFailure();
        }
        Sqn sqn = Sqn.of(sqnBytes);
        if (!state.isFresh(sqn)) {
            Sqn sqnMs = state.highest();
            LOG.debug("AUTN rejected: {} is not fresh, highest accepted is {}", sqn, sqnMs);
            byte[] ms = sqnMs.bytes();
            byte[] akStar = r.akStar();
            byte[] auts = new byte[14];
            for (int i = 0; i < 6; i++) {
                auts[i] = (byte) (ms[i] ^ akStar[i]);
            }
            // MAC-S = f1*(K, SQN_MS, RAND, AMF) with the dummy AMF 0000 (TS 33.102 §6.3.3)
            System.arraycopy(milenage.compute(rand, ms, Amf.ZERO.bytes()).macS(), 0, auts, 6, 8);
            return new AkaResponse.SyncFailure(auts);
        }
        state = state.accept(sqn);
        return new AkaResponse.Success(r.res(), r.ck(), r.ik());
    }

    /** The current freshness state, to persist after each run. */
    public synchronized SqnState state() {
        return state;
    }

    @Override
    public String toString() {
        return "UsimAuthenticator[" + state() + "]";
    }
}
