package org.m2mdm.client.objects;

import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.response.ReadResponse;
import org.m2mdm.client.profiles.ProfileService;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.mo.RspResources;

/**
 * Resources the RSP object (504) and the SIM Provisioning object (505) both carry about the same eUICC, read
 * in one place so the two objects can never report it differently.
 */
final class EuiccReadings {

    private EuiccReadings() {
    }

    /** Current SIM type: this terminal only has a non-removable eUICC. */
    static ReadResponse currentSimType(int resourceId) {
        return ReadResponse.success(resourceId, (long) RspResources.SIM_TYPE_EUICC_NON_REMOVABLE);
    }

    /** Supported SIM types: the single non-removable eUICC. */
    static ReadResponse supportedSimTypes(int resourceId) {
        return ReadResponse.success(resourceId, Map.of(0, (long) RspResources.SIM_TYPE_EUICC_NON_REMOVABLE),
                Type.INTEGER);
    }

    /** The operator name of the active profile, empty when none is active. */
    static ReadResponse serviceProviderName(int resourceId, Optional<StoredProfile> active) {
        return ReadResponse.success(resourceId, active.map(StoredProfile::operatorName).orElse(""));
    }

    /** Profile slots still free in the store. */
    static ReadResponse freeMemory(int resourceId, ProfileService profiles) {
        return ReadResponse.success(resourceId,
                (long) (profiles.store().capacity() - profiles.store().profiles().size()));
    }

    /** Profile slots the store has in all. */
    static ReadResponse totalMemory(int resourceId, ProfileService profiles) {
        return ReadResponse.success(resourceId, (long) profiles.store().capacity());
    }
}
