package org.m2mdm.usim.aka;

import java.util.Arrays;
import java.util.Locale;
import org.m2mdm.usim.Sqn;

/**
 * The USIM's sequence-number freshness state, the array scheme of TS 33.102 Annex C.1.2/C.2.2.
 *
 * <p>SQN = SEQ ‖ IND with IND the low {@value #IND_BITS} bits (so {@value #ARRAY_SIZE} array slots) and SEQ the
 * high 43 bits. The USIM keeps the highest SEQ accepted for each IND, SEQ_MS(i). An SQN is fresh when
 * <ol>
 *   <li>SEQ &gt; SEQ_MS(IND) (the slot has not seen this or a later SEQ: a replay is refused), and</li>
 *   <li>SEQ - SEQ_MS &le; {@link #DELTA} where SEQ_MS is the highest SEQ in the whole array
 *       (a network may not jump arbitrarily far ahead and wear out the SQN space).</li>
 * </ol>
 * The optional age limit L of Annex C.2.2 is not used. On a sync failure the USIM reports
 * SQN_MS = SEQ_MS ‖ IND_MS, the highest accepted SEQ and its slot.
 *
 * <p>Immutable; {@link #encode()} / {@link #decode(String)} give a stable text form for persistence.
 */
public final class SqnState {
    /** Bits of SQN used for the array index IND. */
    public static final int IND_BITS = 5;
    /** Number of array slots, 2^IND_BITS. */
    public static final int ARRAY_SIZE = 1 << IND_BITS;
    /** Largest SEQ value, 2^43 - 1. */
    public static final long MAX_SEQ = Sqn.MAX >>> IND_BITS;
    /** Limit Δ on how far ahead of the highest accepted SEQ a new SEQ may be: 2^28. */
    public static final long DELTA = 1L << 28;

    private static final String PREFIX = "sqn-array-v1:";
    private static final SqnState INITIAL = new SqnState(new long[ARRAY_SIZE]);

    private final long[] seq;

    private SqnState(long[] seq) {
        this.seq = seq;
    }

    /** A fresh USIM: every SEQ_MS(i) = 0, so any SQN with SEQ 1..Δ is accepted. */
    public static SqnState initial() {
        return INITIAL;
    }

    /** SEQ, the high 43 bits of an SQN. */
    public static long seqOf(Sqn sqn) {
        return sqn.value() >>> IND_BITS;
    }

    /** IND, the low 5 bits of an SQN. */
    public static int indOf(Sqn sqn) {
        return (int) (sqn.value() & (ARRAY_SIZE - 1));
    }

    /** SQN = SEQ ‖ IND. */
    public static Sqn sqnOf(long seq, int ind) {
        if (seq < 0 || seq > MAX_SEQ) {
            throw new IllegalArgumentException("SEQ must be in 0..2^43-1, got " + seq);
        }
        if (ind < 0 || ind >= ARRAY_SIZE) {
            throw new IllegalArgumentException("IND must be in 0.." + (ARRAY_SIZE - 1) + ", got " + ind);
        }
        return Sqn.of((seq << IND_BITS) | ind);
    }

    /** SEQ_MS(ind), the highest SEQ accepted in that slot. */
    public long seq(int ind) {
        if (ind < 0 || ind >= ARRAY_SIZE) {
            throw new IllegalArgumentException("IND must be in 0.." + (ARRAY_SIZE - 1) + ", got " + ind);
        }
        return seq[ind];
    }

    /** SQN_MS = SEQ_MS ‖ IND_MS: the highest SEQ accepted in any slot, with its slot (the lowest on ties). */
    public Sqn highest() {
        int best = 0;
        for (int i = 1; i < ARRAY_SIZE; i++) {
            if (seq[i] > seq[best]) {
                best = i;
            }
        }
        return sqnOf(seq[best], best);
    }

    /** Whether the USIM would accept this SQN as fresh (see the class comment). */
    public boolean isFresh(Sqn sqn) {
        long s = seqOf(sqn);
        return s > seq[indOf(sqn)] && s - seqOf(highest()) <= DELTA;
    }

    /**
     * The state after accepting this SQN.
     *
     * @throws AkaException if the SQN is not fresh
     */
    public SqnState accept(Sqn sqn) {
        if (!isFresh(sqn)) {
            throw new AkaException("SQN is not fresh for this USIM");
        }
        long[] next = seq.clone();
        next[indOf(sqn)] = seqOf(sqn);
        return new SqnState(next);
    }

    /** A stable text form: "sqn-array-v1:" and the 32 SEQ_MS(i) in hex, comma separated. */
    public String encode() {
        StringBuilder b = new StringBuilder(PREFIX);
        for (int i = 0; i < ARRAY_SIZE; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(Long.toHexString(seq[i]));
        }
        return b.toString();
    }

    /**
     * Reads {@link #encode()}'s form.
     *
     * @throws IllegalArgumentException if the text is not a valid encoded state
     */
    public static SqnState decode(String encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("encoded SqnState must not be null");
        }
        if (!encoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException("encoded SqnState must start with '" + PREFIX + "'");
        }
        String[] parts = encoded.substring(PREFIX.length()).split(",", -1);
        if (parts.length != ARRAY_SIZE) {
            throw new IllegalArgumentException("encoded SqnState must have " + ARRAY_SIZE + " values, got "
                    + parts.length);
        }
        long[] seq = new long[ARRAY_SIZE];
        for (int i = 0; i < ARRAY_SIZE; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 11 || !p.toLowerCase(Locale.ROOT).chars()
                    .allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException("encoded SqnState value " + i + " is not a hex SEQ");
            }
            long v = Long.parseLong(p, 16);
            if (v > MAX_SEQ) {
                throw new IllegalArgumentException("encoded SqnState value " + i + " exceeds 2^43-1");
            }
            seq[i] = v;
        }
        return new SqnState(seq);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SqnState s && Arrays.equals(seq, s.seq);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(seq);
    }

    @Override
    public String toString() {
        return "SqnState[highest=" + highest() + "]";
    }
}
