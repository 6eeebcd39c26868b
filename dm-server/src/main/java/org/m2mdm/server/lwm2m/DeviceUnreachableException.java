package org.m2mdm.server.lwm2m;

/**
 * A request could not reach the device right now: it is not registered, sleeping (queue mode) or did not answer in
 * time. The job engine treats this as "try again when the device is back", not as a failure of the command.
 */
public class DeviceUnreachableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the device could not be reached. */
    public enum Kind {
        /** No registration at all. */
        OFFLINE,
        /** Registered in queue mode and asleep: it will be reachable after its next update. */
        SLEEPING,
        /** Registered but the request failed or timed out. */
        NO_ANSWER
    }

    private final Kind kind;

    public DeviceUnreachableException(String message, Kind kind) {
        super(message);
        this.kind = kind;
    }

    public DeviceUnreachableException(String message, Kind kind, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Kept for callers that only know whether the device was registered. */
    public DeviceUnreachableException(String message, boolean registered) {
        this(message, registered ? Kind.NO_ANSWER : Kind.OFFLINE);
    }

    public Kind kind() {
        return kind;
    }

    /** False if the device has no registration at all (offline). */
    public boolean registered() {
        return kind != Kind.OFFLINE;
    }

    /** True if the right thing is to wait for the device's next register/update rather than to retry soon. */
    public boolean waitForDevice() {
        return kind != Kind.NO_ANSWER;
    }
}
