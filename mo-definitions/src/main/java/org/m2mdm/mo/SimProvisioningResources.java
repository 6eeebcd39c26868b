package org.m2mdm.mo;

/** Resource ids and code values of OMA 505 LwM2M SIM Provisioning as used by m2m-dm. */
public final class SimProvisioningResources {
    public static final int CURRENT_SIM_TYPE = 0;
    public static final int SUPPORTED_SIM_TYPE = 1;
    public static final int SERVICE_PROVIDER_NAME = 2;
    /** Write-only opaque: an envelope of type usim-profile (block-wise for large ones). */
    public static final int PROFILE_PACKAGE = 3;
    public static final int PROFILE_URI = 4;
    /** Execute: install the downloaded package (state must be Downloaded). */
    public static final int UPDATE_PROFILE = 5;
    public static final int UPDATE_STATE = 6;
    public static final int UPDATE_RESULT = 7;
    public static final int PROFILE_NAME = 8;
    public static final int PROFILE_PACKAGE_VERSION = 9;
    public static final int PROTOCOL_SUPPORT = 10;
    public static final int DELIVERY_METHOD = 11;
    public static final int FREE_MEMORY = 12;
    public static final int TOTAL_MEMORY = 13;
    /**
     * Multiple Integer in the registry; a 20-digit ICCID does not fit, so m2m-dm leaves it unset
     * (the ICCID is reported as a String in 504/11 and 32769/0).
     */
    public static final int ICCID = 14;
    public static final int EUICC_ID = 15;
    public static final int PROFILE_TYPE = 16;

    public static final int STATE_IDLE = 0;
    public static final int STATE_DOWNLOADING = 1;
    public static final int STATE_DOWNLOADED = 2;
    public static final int STATE_UPDATING = 3;

    public static final int RESULT_INITIAL = 0;
    public static final int RESULT_SUCCESS = 1;
    public static final int RESULT_NOT_ENOUGH_MEMORY = 2;
    public static final int RESULT_OUT_OF_RAM = 3;
    public static final int RESULT_CONNECTION_LOST = 4;
    public static final int RESULT_INTEGRITY_FAILURE = 5;
    public static final int RESULT_UNSUPPORTED_PACKAGE = 6;
    public static final int RESULT_INVALID_URI = 7;
    public static final int RESULT_UNSUPPORTED_PROTOCOL = 8;

    public static final int DELIVERY_PULL = 0;
    public static final int DELIVERY_PUSH = 1;
    public static final int DELIVERY_BOTH = 2;

    private SimProvisioningResources() {
    }
}
