package org.m2mdm.usim;

/**
 * What a USIM needs to authenticate to a network: identities, secrets and algorithm.
 * {@link #toString()} never shows K or OPc.
 */
public record UsimCredentials(Imsi imsi, Iccid iccid, K k, Opc opc, Algorithm algorithm, Amf amf) {

    public UsimCredentials {
        if (imsi == null) {
            throw new IllegalArgumentException("UsimCredentials: IMSI must not be null");
        }
        if (iccid == null) {
            throw new IllegalArgumentException("UsimCredentials: ICCID must not be null");
        }
        if (k == null) {
            throw new IllegalArgumentException("UsimCredentials: K must not be null");
        }
        if (opc == null) {
            throw new IllegalArgumentException("UsimCredentials: OPc must not be null");
        }
        if (algorithm == null) {
            throw new IllegalArgumentException("UsimCredentials: algorithm must not be null");
        }
        if (amf == null) {
            throw new IllegalArgumentException("UsimCredentials: AMF must not be null");
        }
    }

    @Override
    public String toString() {
        return "UsimCredentials[imsi=" + imsi + ", iccid=" + iccid + ", algorithm=" + algorithm + ", amf=" + amf
                + ", k=redacted, opc=redacted]";
    }
}
