package org.m2mdm.server.jobs;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The commands the job engine can run; the name is what {@code Job.type()} holds. Spec JSON per type:
 * <ul>
 * <li>{@code INSTALL_USIM_PROFILE_AND_SWITCH}: {@code {"credentialSetId":"..."}} or {@code {"operatorPlmn":"001-01"}}</li>
 * <li>{@code WRITE_APP_PARAMETERS}: {@code {"parameterSetId":"..."}}</li>
 * <li>{@code LWM2M_READ}, {@code LWM2M_OBSERVE}: {@code {"path":"/3/0"}}</li>
 * <li>{@code LWM2M_WRITE}: {@code {"path":"/1/0/1","value":300}} (single resource; value as JSON string, number or
 * boolean; opaque as {@code {"path":..,"base64":".."}})</li>
 * <li>{@code LWM2M_EXECUTE}: {@code {"path":"/3/0/4","arguments":"0='x'"}} (arguments optional)</li>
 * </ul>
 */
public enum JobType {
    INSTALL_USIM_PROFILE_AND_SWITCH, WRITE_APP_PARAMETERS, LWM2M_READ, LWM2M_WRITE, LWM2M_EXECUTE, LWM2M_OBSERVE;

    /** Parses a job type name; unknown → IllegalArgumentException listing the known ones. */
    public static JobType parse(String name) {
        for (JobType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown job type '" + name + "'; known: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
