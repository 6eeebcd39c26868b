package org.m2mdm.server.store;

import java.util.List;
import java.util.Optional;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.UsimCredentials;

/** USIM credential sets; K and OPc are encrypted with {@link SecretCipher} bound to their row. */
public interface UsimCredentialStore {

    /** Stores a set; an IMSI or ICCID already stored → {@link DuplicateKeyException}. */
    UsimCredentialSet create(String tenantId, NewUsimCredentialSet set);

    Optional<UsimCredentialSet> find(String tenantId, String setId);

    Optional<UsimCredentialSet> findByImsi(String tenantId, String imsi);

    List<UsimCredentialSet> list(String tenantId);

    /** The sets assigned to a device. */
    List<UsimCredentialSet> forDevice(String tenantId, String deviceId);

    /** Decrypts K and OPc of a set; empty if the tenant has no such set. */
    Optional<UsimSecret> secret(String tenantId, String setId);

    /**
     * The set as {@link UsimCredentials} with K and OPc decrypted (for the sealing step or the AuC
     * load); empty if the tenant has no such set. The IMSI's MNC length is the operator PLMN's.
     */
    default Optional<UsimCredentials> credentials(String tenantId, String setId) {
        return find(tenantId, setId).flatMap(set -> secret(tenantId, setId).map(secret -> {
            try {
                int mncLength = set.operatorPlmn().length() - set.operatorPlmn().indexOf('-') - 1;
                return new UsimCredentials(Imsi.of(set.imsi(), mncLength), Iccid.of(set.iccid()), K.of(secret.k()),
                        Opc.of(secret.opc()), Algorithm.valueOf(set.algorithm()), Amf.of(set.amf()));
            } finally {
                secret.destroy();
            }
        }));
    }

    /** Assigns a set to a device (or back to the pool with null); false if no such set. */
    boolean assign(String tenantId, String setId, String deviceId);

    /**
     * Atomically takes an unassigned set of the operator from the pool and assigns it to the device;
     * empty if the pool is exhausted.
     */
    Optional<UsimCredentialSet> assignFromPool(String tenantId, String operatorPlmn, String deviceId);

    /** Deletes a set; false if no such set. */
    boolean delete(String tenantId, String setId);
}
