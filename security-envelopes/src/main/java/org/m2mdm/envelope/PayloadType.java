package org.m2mdm.envelope;

/** What an envelope carries; the label travels in the signed header. */
public enum PayloadType {
    USIM_PROFILE("usim-profile"),
    APP_PARAMS("app-params"),
    TRUST_POLICY("trust-policy"),
    SOFTWARE("software");

    private final String label;

    PayloadType(String label) {
        this.label = label;
    }

    /** The wire label, e.g. {@code usim-profile}. */
    public String label() {
        return label;
    }

    /** The type with this wire label; {@link IllegalArgumentException} if there is none. */
    public static PayloadType fromLabel(String label) {
        for (PayloadType type : values()) {
            if (type.label.equals(label)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown payload type label");
    }
}
