package org.m2mdm.usim.milenage;

import java.util.Arrays;

/**
 * The outputs of one Milenage run: f1 (MAC-A), f1* (MAC-S), f2 (RES), f3 (CK), f4 (IK), f5 (AK), f5* (AK*).
 * The canonical constructor takes ownership of the arrays (no copy, so {@link Milenage#compute} stays cheap);
 * the accessors return copies. {@link #toString()} never shows the values.
 */
public record MilenageResult(byte[] macA, byte[] macS, byte[] res, byte[] ck, byte[] ik, byte[] ak, byte[] akStar) {

    @Override
    public byte[] macA() {
        return macA.clone();
    }

    @Override
    public byte[] macS() {
        return macS.clone();
    }

    @Override
    public byte[] res() {
        return res.clone();
    }

    @Override
    public byte[] ck() {
        return ck.clone();
    }

    @Override
    public byte[] ik() {
        return ik.clone();
    }

    @Override
    public byte[] ak() {
        return ak.clone();
    }

    @Override
    public byte[] akStar() {
        return akStar.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MilenageResult r && Arrays.equals(macA, r.macA) && Arrays.equals(macS, r.macS)
                && Arrays.equals(res, r.res) && Arrays.equals(ck, r.ck) && Arrays.equals(ik, r.ik)
                && Arrays.equals(ak, r.ak) && Arrays.equals(akStar, r.akStar);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(res) * 31 + Arrays.hashCode(macA);
    }

    @Override
    public String toString() {
        return "MilenageResult[redacted]";
    }
}
