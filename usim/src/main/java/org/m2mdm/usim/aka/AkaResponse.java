package org.m2mdm.usim.aka;

import java.util.Arrays;

/** A USIM's answer to an authentication challenge (TS 33.102 §6.3.3). */
public sealed interface AkaResponse permits AkaResponse.Success, AkaResponse.SyncFailure, AkaResponse.MacFailure {

    /** The network was authenticated: RES for the network to compare with XRES, and the session keys. */
    record Success(byte[] res, byte[] ck, byte[] ik) implements AkaResponse {
        public Success {
            res = Bytes.copyRange("RES", res, 4, 16);
            ck = Bytes.copy("CK", ck, 16);
            ik = Bytes.copy("IK", ik, 16);
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
        public boolean equals(Object o) {
            return o instanceof Success s && Arrays.equals(res, s.res) && Arrays.equals(ck, s.ck)
                    && Arrays.equals(ik, s.ik);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(res);
        }

        @Override
        public String toString() {
            return "Success[redacted]";
        }
    }

    /** MAC-A was right but SQN was not fresh: AUTS = (SQN_MS xor AK*) ‖ MAC-S lets the network re-synchronise. */
    record SyncFailure(byte[] auts) implements AkaResponse {
        public SyncFailure {
            auts = Bytes.copy("AUTS", auts, 14);
        }

        @Override
        public byte[] auts() {
            return auts.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SyncFailure s && Arrays.equals(auts, s.auts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(auts);
        }

        @Override
        public String toString() {
            return "SyncFailure[auts=" + Bytes.hex(auts) + "]";
        }
    }

    /** MAC-A did not verify: the challenge does not come from a network that knows this USIM's K. */
    record MacFailure() implements AkaResponse {
    }
}
