package org.m2mdm.client.profiles;

/** The durable steps of a profile switch, in order; {@link SwitchFaults} can cut power after each. */
public enum SwitchStep {
    /** The journal says a switch to the target began. */
    BEGUN,
    /** The selection names the target as on trial (the previous one stays the committed profile). */
    TRIAL_SELECTED,
    /** The modem attached with the target profile. */
    ATTACHED,
    /** The management server answered over the new bearer. */
    SERVER_REACHED,
    /** The selection names the target as enabled: the switch is committed. */
    COMMITTED,
    /** A failed trial was undone in the selection (the previous profile is active again). */
    ROLLED_BACK
}
