package org.m2mdm.usim.aka;

import java.security.MessageDigest;
import java.security.SecureRandom;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Sqn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.milenage.Milenage;
import org.m2mdm.usim.milenage.MilenageResult;

/**
 * The network side of UMTS AKA (TS 33.102 §6.3): makes authentication vectors and re-synchronises from AUTS.
 *
 * <p>Stateless about storage: the caller (an HSS) keeps SQN_HE per subscriber, asks {@link #nextSqn} for the SQN of
 * the next vector, stores it, and after {@link #resynchronise} sets SQN_HE to the returned SQN_MS. Thread-safe.
 */
public final class AuthenticationCentre {
    private final SecureRandom random;

    public AuthenticationCentre(SecureRandom random) {
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        this.random = random;
    }

    /**
     * The SQN to use after {@code current} (TS 33.102 Annex C.1.1/C.3.2): SEQ + 1 and IND + 1 mod 32, so
     * consecutive vectors go to consecutive array slots of the USIM and SEQ always grows by one.
     *
     * @throws AkaException if SEQ would exceed 2^43 - 1
     */
    public static Sqn nextSqn(Sqn current) {
        if (current == null) {
            throw new IllegalArgumentException("current SQN must not be null");
        }
        long seq = SqnState.seqOf(current);
        if (seq >= SqnState.MAX_SEQ) {
            throw new AkaException("SQN space exhausted: SEQ is already 2^43-1");
        }
        return SqnState.sqnOf(seq + 1, (SqnState.indOf(current) + 1) % SqnState.ARRAY_SIZE);
    }

    /** An authentication vector for this SQN (used as given) with a fresh RAND from the SecureRandom. */
    public AuthenticationVector generate(K k, Opc opc, Sqn sqn, Amf amf) {
        byte[] rand = new byte[16];
        random.nextBytes(rand);
        return generate(k, opc, sqn, amf, rand);
    }

    /** An authentication vector for these credentials' K, OPc and AMF at this SQN, with a fresh RAND. */
    public AuthenticationVector generate(UsimCredentials credentials, Sqn sqn) {
        if (credentials == null) {
            throw new IllegalArgumentException("credentials must not be null");
        }
        return generate(credentials.k(), credentials.opc(), sqn, credentials.amf());
    }

    /** An authentication vector for a given RAND (for reproducible tests; use the other form in production). */
    public static AuthenticationVector generate(K k, Opc opc, Sqn sqn, Amf amf, byte[] rand) {
        requireNonNull(k, opc, sqn, amf);
        Bytes.check("RAND", rand, 16);
        MilenageResult r = Milenage.ofOpc(k.bytes(), opc.bytes()).compute(rand, sqn.bytes(), amf.bytes());
        byte[] autn = new byte[16];
        byte[] s = sqn.bytes();
        byte[] ak = r.ak();
        for (int i = 0; i < 6; i++) {
            autn[i] = (byte) (s[i] ^ ak[i]);
        }
        byte[] a = amf.bytes();
        autn[6] = a[0];
        autn[7] = a[1];
        System.arraycopy(r.macA(), 0, autn, 8, 8);
        return new AuthenticationVector(rand, r.res(), r.ck(), r.ik(), autn);
    }

    /**
     * Re-synchronisation (TS 33.102 §6.3.5): recovers SQN_MS = (SQN_MS xor AK*) xor f5*(RAND) from
     * AUTS = (SQN_MS xor AK*) ‖ MAC-S and verifies MAC-S = f1*(K, SQN_MS, RAND, AMF = 0000).
     *
     * @param rand the RAND of the challenge the USIM answered with AUTS
     * @return SQN_MS, the USIM's highest accepted SQN; the next vector should use {@code nextSqn(SQN_MS)}
     * @throws AkaException if MAC-S does not verify
     * @throws IllegalArgumentException if RAND is not 16 bytes or AUTS not 14
     */
    public Sqn resynchronise(K k, Opc opc, byte[] rand, byte[] auts) {
        if (k == null || opc == null) {
            throw new IllegalArgumentException("K and OPc must not be null");
        }
        Bytes.check("RAND", rand, 16);
        Bytes.check("AUTS", auts, 14);
        Milenage m = Milenage.ofOpc(k.bytes(), opc.bytes());
        byte[] akStar = m.akStar(rand);
        byte[] sqnMs = new byte[6];
        for (int i = 0; i < 6; i++) {
            sqnMs[i] = (byte) (auts[i] ^ akStar[i]);
        }
        byte[] expected = m.compute(rand, sqnMs, Amf.ZERO.bytes()).macS();
        byte[] macS = new byte[8];
        System.arraycopy(auts, 6, macS, 0, 8);
        if (!MessageDigest.isEqual(expected, macS)) {
            throw new AkaException("AUTS rejected: MAC-S does not verify");
        }
        return Sqn.of(sqnMs);
    }

    private static void requireNonNull(K k, Opc opc, Sqn sqn, Amf amf) {
        if (k == null || opc == null || sqn == null || amf == null) {
            throw new IllegalArgumentException("K, OPc, SQN and AMF must not be null");
        }
    }
}
