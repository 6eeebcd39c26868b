package org.m2mdm.mo;

/** Resource ids of OMA 11 APN Connection Profile that the terminal implements. */
public final class ApnConnectionProfileResources {
    public static final int PROFILE_NAME = 0;
    public static final int APN = 1;
    public static final int AUTO_SELECT_APN = 2;
    public static final int ENABLE_STATUS = 3;
    public static final int AUTHENTICATION_TYPE = 4;
    public static final int USER_NAME = 5;
    /** Write-only in m2m-dm's client: never returned by a read. */
    public static final int SECRET = 6;
    /** Multiple String "MCC,MNC" (or MCC-MNC): the APN is used only on these networks. */
    public static final int VALIDITY = 8;

    private ApnConnectionProfileResources() {
    }
}
