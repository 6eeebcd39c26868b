package org.m2mdm.mo;

/**
 * LwM2M object ids used by m2m-dm: the standard OMA objects the project relies on and the three
 * private objects it defines. This class is the one place the private ids are defined.
 */
public final class ObjectIds {
    /** OMA 10, LwM2M Cellular Connectivity (v1.1). */
    public static final int CELLULAR_CONNECTIVITY = 10;
    /** OMA 11, LwM2M APN Connection Profile (v1.1). */
    public static final int APN_CONNECTION_PROFILE = 11;
    /** OMA 504, Remote SIM Provisioning: profile lifecycle commands (enable, disable, delete). */
    public static final int RSP = 504;
    /** OMA 505, LwM2M SIM Provisioning: profile package push (envelope of type usim-profile). */
    public static final int SIM_PROVISIONING = 505;
    /** Ext 3443, eSIM IoT (GSMA SGP.32), shipped for completeness, not implemented by the client. */
    public static final int ESIM_IOT = 3443;

    /** First id of the private object range (OMA: 10241..42768 is "x", vendor specific). */
    public static final int PRIVATE_RANGE_START = 10241;
    /** Last id of the private object range. */
    public static final int PRIVATE_RANGE_END = 42768;

    /** Private: one instance per USIM profile held by the terminal (no secrets exposed). */
    public static final int USIM_PROFILE = 32769;
    /** Private: AAS address and the trust policy for envelopes. */
    public static final int APPLICATION_ACTIVATION = 32770;
    /** Private: one instance per M2M application's parameters. */
    public static final int APPLICATION_PARAMETERS = 32771;

    private ObjectIds() {
    }

    /** The private object ids, in ascending order. */
    public static int[] privateObjects() {
        return new int[] { USIM_PROFILE, APPLICATION_ACTIVATION, APPLICATION_PARAMETERS };
    }
}
