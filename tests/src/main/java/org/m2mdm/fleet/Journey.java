package org.m2mdm.fleet;

/** The path a demo terminal walks, named after DESIGN.md §5. */
public enum Journey {
    PRECONFIGURED_AAS("scenario 1", "preconfigured AAS, legacy USIM"),
    DYNAMIC_AAS("scenario 2", "no AAS address, OTA SMS trigger, legacy USIM"),
    SYNTHETIC_CREDENTIALS("scenario 3", "Ku only, AAS name in local DNS"),
    OPERATOR_CHANGE("operator change", "scenario 1, then moves to another operator's own server");

    private final String shortName;
    private final String description;

    Journey(String shortName, String description) {
        this.shortName = shortName;
        this.description = description;
    }

    public String shortName() {
        return shortName;
    }

    public String description() {
        return description;
    }
}
