package org.m2mdm.client.profiles;

/** Where a stored USIM profile came from (exposed as 32769/x/10). */
public enum ProfileOrigin {
    /** Written into the terminal at manufacture (legacy USIM). */
    MANUFACTURE("manufacture"),
    /** Derived from Ku for a visible network (synthetic credentials). */
    SYNTHETIC("synthetic"),
    /** Delivered by a USIM management server in a usim-profile envelope. */
    DOWNLOAD("download");

    private final String label;

    ProfileOrigin(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ProfileOrigin fromLabel(String label) {
        for (ProfileOrigin o : values()) {
            if (o.label.equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown profile origin '" + label + "'");
    }
}
