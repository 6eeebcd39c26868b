package org.m2mdm.conformance;

import java.security.SecureRandom;
import java.util.Optional;

import org.m2mdm.mo.payload.UsimProfilePayload;
import org.m2mdm.usim.Iccid;

/**
 * Where the USIM cases get new profiles: one the client's network will accept (for the switch case;
 * the network must already know its credentials) and ones it will reject (for rollback and the
 * rejection cases, whose content does not matter).
 */
public interface ProfileSupply {

    /** Whether {@link #attachable()} can provide a profile; the switch case is not applicable otherwise. */
    boolean hasAttachable();

    /** A new profile whose subscription is active on the client's network, or empty if none can be made. */
    Optional<UsimProfilePayload> attachable() throws Exception;

    /** A new profile inside {@code operatorPlmn} (MCC-MNC) that no network knows: random IMSI, K and OPc. */
    default UsimProfilePayload unattachable(String operatorPlmn) {
        return randomProfile(operatorPlmn, "conformance (unknown to the network)", new SecureRandom());
    }

    /** A supply without attachable profiles. */
    static ProfileSupply unattachableOnly() {
        return new ProfileSupply() {
            @Override
            public boolean hasAttachable() {
                return false;
            }

            @Override
            public Optional<UsimProfilePayload> attachable() {
                return Optional.empty();
            }
        };
    }

    /** A supply that hands out {@code profile} once as the attachable profile. */
    static ProfileSupply withAttachable(UsimProfilePayload profile) {
        return new ProfileSupply() {
            private UsimProfilePayload left = profile;

            @Override
            public synchronized boolean hasAttachable() {
                return left != null;
            }

            @Override
            public synchronized Optional<UsimProfilePayload> attachable() {
                Optional<UsimProfilePayload> p = Optional.ofNullable(left);
                left = null;
                return p;
            }
        };
    }

    /**
     * A fresh random profile in {@code operatorPlmn}: 15-digit IMSI with a random MSIN, an ICCID with
     * prefix 8999 (Luhn check digit appended), random K and OPc.
     */
    static UsimProfilePayload randomProfile(String operatorPlmn, String operatorName, SecureRandom random) {
        String[] plmn = operatorPlmn.split("-");
        if (plmn.length != 2) {
            throw new IllegalArgumentException("operator PLMN must be MCC-MNC, was " + operatorPlmn);
        }
        StringBuilder imsi = new StringBuilder(plmn[0]).append(plmn[1]);
        while (imsi.length() < 15) {
            imsi.append(random.nextInt(10));
        }
        StringBuilder iccid = new StringBuilder("8999");
        while (iccid.length() < 18) {
            iccid.append(random.nextInt(10));
        }
        byte[] k = new byte[16];
        byte[] opc = new byte[16];
        random.nextBytes(k);
        random.nextBytes(opc);
        return UsimProfilePayload.builder().imsi(imsi.toString(), plmn[1].length())
                .iccid(Iccid.withCheckDigit(iccid.toString()).digits()).k(k).opc(opc).operatorPlmn(operatorPlmn)
                .operatorName(operatorName).fallback(false).build();
    }
}
