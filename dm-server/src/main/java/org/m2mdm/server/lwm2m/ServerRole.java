package org.m2mdm.server.lwm2m;

/** What an LwM2M management server node does for the devices registered with it. */
public enum ServerRole {
    /** Owns 504/505 and the USIM Profile tree: delivers usim-profile envelopes and switches. */
    USIM,
    /** Owns the Application Parameters tree and generic read/write/execute/observe. */
    APPLICATION
}
