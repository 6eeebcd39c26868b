package org.m2mdm.mo;

/** Resource ids of the private Application Parameters object ({@value ObjectIds#APPLICATION_PARAMETERS}). */
public final class ApplicationParametersResources {
    public static final int APPLICATION_ID = 0;
    public static final int VERSION = 1;
    public static final int SERVER_URIS = 2;
    /** Multiple String, one {@code key=value} per instance. */
    public static final int PARAMETERS = 3;
    public static final int UPDATE_RESULT = 4;
    public static final int UPDATED_AT = 5;
    /** Write-only opaque: an app-params envelope. */
    public static final int PARAMETERS_ENVELOPE = 6;
    public static final int REJECTION_REASON = 7;

    public static final int RESULT_NONE = 0;
    public static final int RESULT_ACCEPTED = 1;
    public static final int RESULT_REJECTED_ENVELOPE = 2;
    public static final int RESULT_REJECTED_PAYLOAD = 3;

    private ApplicationParametersResources() {
    }
}
