package org.m2mdm.fleet;

import java.nio.file.Path;
import java.util.Optional;

import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.pki.Pem;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.synthetic.Ku;

/**
 * A terminal as it leaves the factory: its state directory, its device identity, and what goes to
 * the other parties — the legacy USIM (to the operator, as a SIM vendor's batch file would) or the
 * Ku label (to the subscriber). {@link #toString()} prints no secret.
 */
public record ManufacturedTerminal(String endpoint, Path stateDirectory, DeviceIdentity identity,
        Optional<UsimCredentials> legacyUsim, Optional<Ku> ku) {

    /** The device certificate chain as PEM, as the manufacturer hands it to the operator. */
    public String certificatePem() {
        return Pem.encodeCertificates(identity.certificateChain());
    }

    /** Ku as printed on the terminal's label (synthetic-credential terminals only). */
    public Optional<String> kuLabel() {
        return ku.map(Ku::toLabel);
    }

    @Override
    public String toString() {
        return "ManufacturedTerminal[" + endpoint + ", legacyUsim=" + legacyUsim.map(u -> u.imsi().digits()).orElse("-")
                + ", synthetic=" + ku.isPresent() + "]";
    }
}
