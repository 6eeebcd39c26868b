package org.m2mdm.mo;

/** Resource ids of OMA 10 Cellular Connectivity that the terminal implements. */
public final class CellularConnectivityResources {
    public static final int SMSC_ADDRESS = 0;
    public static final int DISABLE_RADIO_PERIOD = 1;
    public static final int PSM_TIMER = 4;
    public static final int ACTIVE_TIMER = 5;
    /** Multiple Objlnk to the active APN Connection Profile (11) instances. */
    public static final int ACTIVATED_PROFILE_NAMES = 11;

    private CellularConnectivityResources() {
    }
}
