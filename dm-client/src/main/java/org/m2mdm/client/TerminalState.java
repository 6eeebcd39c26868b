package org.m2mdm.client;

/** Coarse state of a terminal, for logs, listeners and the fleet simulator. */
public enum TerminalState {
    STOPPED, ATTACHING,
    /** Attached, but no AAS address is known yet: waiting for the OTA SMS bootstrap trigger (scenario 2). */
    AWAITING_TRIGGER,
    BOOTSTRAPPING, REGISTERING, REGISTERED, SWITCHING, NO_SERVICE
}
