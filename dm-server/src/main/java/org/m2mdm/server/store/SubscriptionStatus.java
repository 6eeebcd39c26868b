package org.m2mdm.server.store;

/** State of a subscription as the operator's records have it ({@link #TERMINATED} is final). */
public enum SubscriptionStatus {
    INACTIVE, ACTIVE, BARRED, TERMINATED
}
