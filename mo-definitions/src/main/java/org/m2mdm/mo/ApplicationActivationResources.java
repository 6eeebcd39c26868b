package org.m2mdm.mo;

/** Resource ids of the private Application Activation object ({@value ObjectIds#APPLICATION_ACTIVATION}). */
public final class ApplicationActivationResources {
    public static final int AAS_ADDRESS = 0;
    /** Opaque: encoded TrustPolicy or a PEM bundle of anchors. */
    public static final int TRUST_ANCHORS = 1;
    public static final int ACCEPTED_ROLES = 2;
    public static final int ACTIVATION_STATE = 3;
    public static final int TRUST_ANCHOR_FINGERPRINTS = 4;
    public static final int POLICY_SOURCE = 5;

    public static final int STATE_FACTORY = 0;
    public static final int STATE_BOOTSTRAPPING = 1;
    public static final int STATE_ACTIVATED = 2;
    public static final int STATE_FAILED = 3;

    private ApplicationActivationResources() {
    }
}
