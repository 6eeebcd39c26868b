package org.m2mdm.envelope.trust;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a server certificate says its holder may send. Carried as extended key usage purposes under the
 * project's X.667 arc {@value #ARC} (a UUID turned into an integer, so no registration is needed).
 */
public enum SignerRole {
    /** May send USIM profiles (operators' USIM management servers). */
    USIM_MANAGEMENT(1),
    /** May send application parameters. */
    APPLICATION_MANAGEMENT(2),
    /** May send trust policies (the application activation service). */
    ACTIVATION(3),
    /** May sign software images. */
    SOFTWARE_PUBLISHER(4);

    /** 2.25.{uuid 8838162e-e3c3-41fa-99f7-12ab64035cb0 as an integer}: the project's private arc. */
    public static final String ARC = "2.25.181066225978822414395896269113410149552";
    /** Sub-arc of {@link #ARC} holding the role purposes. */
    public static final String ROLE_ARC = ARC + ".1";

    private final String oid;

    SignerRole(int number) {
        this.oid = ROLE_ARC + "." + number;
    }

    /** The extended key usage purpose OID for this role. */
    public String oid() {
        return oid;
    }

    /** The role whose purpose OID is {@code oid}, if it is one of ours. */
    public static Optional<SignerRole> fromOid(String oid) {
        for (SignerRole role : values()) {
            if (role.oid.equals(oid)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** Roles named by a list of extended key usage OIDs; unknown purposes are ignored. */
    public static Set<SignerRole> fromOids(Iterable<String> oids) {
        Set<SignerRole> roles = EnumSet.noneOf(SignerRole.class);
        if (oids != null) {
            for (String oid : oids) {
                fromOid(oid).ifPresent(roles::add);
            }
        }
        return roles;
    }
}
