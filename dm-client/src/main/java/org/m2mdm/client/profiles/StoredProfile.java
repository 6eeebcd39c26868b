package org.m2mdm.client.profiles;

import java.time.Instant;
import java.util.Objects;

import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * One USIM profile in the terminal's profile store: the credential set and its attributes.
 * {@link #toString()} never prints K or OPc; only the modem's USIM uses {@link #credentials()}.
 */
public record StoredProfile(int instanceId, UsimCredentials credentials, Plmn operatorPlmn, String operatorName,
        String profileName, ProfileOrigin origin, Instant installedAt) {

    public StoredProfile {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(operatorPlmn, "operatorPlmn");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(installedAt, "installedAt");
        if (instanceId < 0 || instanceId > 65534) {
            throw new IllegalArgumentException("instance id must be 0..65534, was " + instanceId);
        }
        operatorName = operatorName == null ? "" : operatorName;
        profileName = profileName == null ? "" : profileName;
    }

    public Iccid iccid() {
        return credentials.iccid();
    }

    public Imsi imsi() {
        return credentials.imsi();
    }

    public Algorithm algorithm() {
        return credentials.algorithm();
    }

    public Amf amf() {
        return credentials.amf();
    }

    /** Same profile with another instance id. */
    public StoredProfile withInstanceId(int id) {
        return new StoredProfile(id, credentials, operatorPlmn, operatorName, profileName, origin, installedAt);
    }

    @Override
    public String toString() {
        return "StoredProfile[iccid=" + iccid() + ", imsi=" + imsi() + ", plmn=" + operatorPlmn + ", origin="
                + origin.label() + ", instance=" + instanceId + "]";
    }
}
