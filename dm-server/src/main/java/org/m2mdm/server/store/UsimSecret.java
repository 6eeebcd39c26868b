package org.m2mdm.server.store;

import java.util.Arrays;

/** K and OPc of a credential set in clear (only for the sealing step and the AuC load). Never printed. */
public final class UsimSecret {
    private final byte[] k;
    private final byte[] opc;

    public UsimSecret(byte[] k, byte[] opc) {
        if (k == null || k.length != 16 || opc == null || opc.length != 16) {
            throw new IllegalArgumentException("K and OPc must be 16 bytes each");
        }
        this.k = k.clone();
        this.opc = opc.clone();
    }

    /** A copy of K. */
    public byte[] k() {
        return k.clone();
    }

    /** A copy of OPc. */
    public byte[] opc() {
        return opc.clone();
    }

    /** Overwrites the held copies. */
    public void destroy() {
        Arrays.fill(k, (byte) 0);
        Arrays.fill(opc, (byte) 0);
    }

    @Override
    public String toString() {
        return "UsimSecret[redacted]";
    }
}
