package org.m2mdm.server.store;

import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * A USIM credential set to store: IMSI and ICCID digits, the secret (K, OPc — encrypted at rest),
 * algorithm name (e.g. "MILENAGE"), AMF (16 bits) and the operator PLMN ("001-01").
 * {@link #toString()} never shows the secret.
 */
public record NewUsimCredentialSet(String imsi, String iccid, UsimSecret secret, String algorithm, int amf,
        String operatorPlmn) {

    /** The set for credentials issued by (or derived for) an operator. */
    public static NewUsimCredentialSet of(UsimCredentials credentials, Plmn operator) {
        return new NewUsimCredentialSet(credentials.imsi().digits(), credentials.iccid().digits(),
                new UsimSecret(credentials.k().bytes(), credentials.opc().bytes()), credentials.algorithm().name(),
                credentials.amf().value(), operator.toString());
    }
}
