package org.m2mdm.server.store;

/** State of one device's part of a job. SUCCEEDED, ROLLED_BACK and FAILED are final. */
public enum TargetState {
    PENDING, DELIVERING, SUCCEEDED, ROLLED_BACK, FAILED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == ROLLED_BACK || this == FAILED;
    }
}
