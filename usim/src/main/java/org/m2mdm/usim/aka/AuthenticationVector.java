package org.m2mdm.usim.aka;

import java.util.Arrays;

/**
 * A UMTS authentication vector (TS 33.102 §6.3.2): RAND, XRES, CK, IK and AUTN = (SQN xor AK) ‖ AMF ‖ MAC-A.
 * Arrays are copied in and out; {@link #toString()} never shows XRES, CK or IK.
 */
public record AuthenticationVector(byte[] rand, byte[] xres, byte[] ck, byte[] ik, byte[] autn) {

    public AuthenticationVector {
        rand = Bytes.copy("RAND", rand, 16);
        xres = Bytes.copyRange("XRES", xres, 4, 16);
        ck = Bytes.copy("CK", ck, 16);
        ik = Bytes.copy("IK", ik, 16);
        autn = Bytes.copy("AUTN", autn, 16);
    }

    @Override
    public byte[] rand() {
        return rand.clone();
    }

    @Override
    public byte[] xres() {
        return xres.clone();
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
    public byte[] autn() {
        return autn.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationVector v && Arrays.equals(rand, v.rand) && Arrays.equals(xres, v.xres)
                && Arrays.equals(ck, v.ck) && Arrays.equals(ik, v.ik) && Arrays.equals(autn, v.autn);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rand) * 31 + Arrays.hashCode(autn);
    }

    @Override
    public String toString() {
        return "AuthenticationVector[rand=" + Bytes.hex(rand) + ", autn=" + Bytes.hex(autn)
                + ", xres/ck/ik redacted]";
    }
}
