package org.m2mdm.server.store;

/** Lifecycle of a device in the inventory. */
public enum DeviceState {
    /** Known (imported or registered through the API), not yet bootstrapped. */
    PROVISIONED,
    /** Has completed a bootstrap with the AAS. */
    BOOTSTRAPPED,
    /** Registered with its management servers at least once. */
    ACTIVE,
    /** Temporarily not served. */
    SUSPENDED,
    /** Refused by the AAS (e.g. certificate revoked). */
    REVOKED
}
