package org.m2mdm.server.store;

/** What a management server is used for. */
public enum ManagementServerRole {
    USIM, APPLICATION, BOTH;

    /** Whether a server with this role may act as the USIM management server. */
    public boolean servesUsim() {
        return this != APPLICATION;
    }

    /** Whether a server with this role may act as the application management server. */
    public boolean servesApplications() {
        return this != USIM;
    }
}
