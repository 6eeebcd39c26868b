package org.m2mdm.mo;

/** Resource ids of the private USIM Profile object ({@value ObjectIds#USIM_PROFILE}). */
public final class UsimProfileResources {
    public static final int ICCID = 0;
    public static final int IMSI = 1;
    public static final int OPERATOR_PLMN = 2;
    public static final int OPERATOR_NAME = 3;
    public static final int ALGORITHM = 4;
    /** Integer, see {@link #STATE_DISABLED}, {@link #STATE_ENABLED}, {@link #STATE_ON_TRIAL}. */
    public static final int STATE = 5;
    public static final int FALLBACK = 6;
    public static final int INSTALLED_AT = 7;
    /** Integer, see the {@code ATTACH_*} constants. */
    public static final int LAST_ATTACH_RESULT = 8;
    public static final int LAST_ATTACH_TIME = 9;
    public static final int ORIGIN = 10;

    public static final int STATE_DISABLED = 0;
    public static final int STATE_ENABLED = 1;
    public static final int STATE_ON_TRIAL = 2;

    public static final int ATTACH_NEVER_TRIED = 0;
    public static final int ATTACH_ATTACHED = 1;
    public static final int ATTACH_UNKNOWN_IMSI = 2;
    public static final int ATTACH_AUTHENTICATION_FAILURE = 3;
    public static final int ATTACH_SYNC_FAILURE = 4;
    public static final int ATTACH_NOT_ALLOWED = 5;
    public static final int ATTACH_NETWORK_NOT_FOUND = 6;

    private UsimProfileResources() {
    }
}
