package org.m2mdm.client;

/** Coarse state of a terminal, for logs, listeners and the fleet simulator. */
public enum TerminalState {
    STOPPED, ATTACHING, BOOTSTRAPPING, REGISTERING, REGISTERED, SWITCHING, NO_SERVICE
}
