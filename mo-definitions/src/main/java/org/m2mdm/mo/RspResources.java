package org.m2mdm.mo;

/** Resource ids and code values of OMA 504 Remote SIM Provisioning as used by m2m-dm. */
public final class RspResources {
    public static final int CURRENT_SIM_TYPE = 0;
    public static final int SUPPORTED_SIM_TYPE = 1;
    public static final int SERVICE_PROVIDER_NAME = 2;
    public static final int DOWNLOAD_URI = 3;
    /** Execute; argument keys are the actions (see {@code ACTION_*}), e.g. {@code 1} = enable. */
    public static final int RSP_UPDATE = 4;
    public static final int RSP_UPDATE_STATE = 5;
    public static final int RSP_UPDATE_RESULT = 6;
    public static final int PROFILE_NAME = 7;
    public static final int PROFILE_PACKAGE_VERSION = 8;
    public static final int FREE_MEMORY = 9;
    public static final int TOTAL_MEMORY = 10;
    /** Multiple String; the active profile is instance 0. */
    public static final int ICCID = 11;
    public static final int EUICC_ID = 12;
    public static final int RSP_TYPE = 13;
    public static final int SELECTED_ICCID = 14;

    public static final int ACTION_DOWNLOAD_AND_INSTALL = 0;
    public static final int ACTION_ENABLE = 1;
    public static final int ACTION_DISABLE = 2;
    public static final int ACTION_DELETE = 3;
    public static final int ACTION_RESET_MEMORY = 4;

    public static final int STATE_IDLE = 0;
    public static final int STATE_DOWNLOADING = 1;
    public static final int STATE_DOWNLOADED = 2;
    public static final int STATE_INSTALLING = 3;
    public static final int STATE_ENABLING = 5;
    public static final int STATE_DISABLING = 6;
    public static final int STATE_DELETING = 7;

    public static final int RESULT_INITIAL = 0;
    public static final int RESULT_SUCCESS = 1;
    public static final int RESULT_NOT_ENOUGH_MEMORY = 2;
    public static final int RESULT_INTEGRITY_FAILURE = 5;
    public static final int RESULT_UNSUPPORTED_PACKAGE = 6;
    public static final int RESULT_INVALID_URI = 7;
    public static final int RESULT_UNSUPPORTED_PROTOCOL = 8;
    public static final int RESULT_NOT_AUTHORIZED = 9;
    public static final int RESULT_SERVER_AUTHENTICATION_FAILED = 10;
    public static final int RESULT_GENERIC_INSTALL_ERROR = 11;
    public static final int RESULT_PACKAGE_FORMAT_ERROR = 12;
    public static final int RESULT_ENABLE_FAILED = 13;
    public static final int RESULT_DISABLE_FAILED = 14;
    public static final int RESULT_DELETE_FAILED = 15;

    /** RSP Type value: no GSMA RSP, profiles come as LwM2M envelopes (505). */
    public static final int RSP_TYPE_NONE = 0;
    /** SIM type: eUICC, non-removable. */
    public static final int SIM_TYPE_EUICC_NON_REMOVABLE = 2;

    private RspResources() {
    }
}
