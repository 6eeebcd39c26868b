package org.m2mdm.conformance;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.m2mdm.client.StateDirectory;
import org.m2mdm.client.Terminal;
import org.m2mdm.client.TerminalBuilder;
import org.m2mdm.client.TerminalIdentity;
import org.m2mdm.client.profiles.ProfileOrigin;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.network.DestinationFilter;
import org.m2mdm.network.SubscriptionState;
import org.m2mdm.network.sim.SimulatedNetwork;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * Manufactures a dm-client terminal for the conformance tests: a state directory with the device
 * identity, the AAS address (and its DTLS certificate when it has one), a trust policy anchored at
 * the provisioning root, and one factory USIM whose subscription is active on {@code operator} with a
 * filter that lets it reach only {@code reachable}.
 */
final class ConformanceTerminal {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConformanceTerminal() {
    }

    static String newEndpoint() {
        return "urn:imei:35" + String.format("%013d", Math.floorMod(RANDOM.nextLong(), 10_000_000_000_000L));
    }

    /** A fresh USIM of {@code plmn}: random MSIN, ICCID (Luhn), K and OPc, Milenage. */
    static UsimCredentials newUsim(Plmn plmn) {
        StringBuilder msin = new StringBuilder();
        while (msin.length() < 15 - 3 - plmn.mnc().length()) {
            msin.append(RANDOM.nextInt(10));
        }
        StringBuilder iccid = new StringBuilder("8900" + plmn.mcc());
        while (iccid.length() < 18) {
            iccid.append(RANDOM.nextInt(10));
        }
        byte[] k = new byte[16];
        byte[] opc = new byte[16];
        RANDOM.nextBytes(k);
        RANDOM.nextBytes(opc);
        return new UsimCredentials(Imsi.of(plmn, msin.toString()), Iccid.withCheckDigit(iccid.toString()), K.of(k),
                Opc.of(opc), Algorithm.MILENAGE, Amf.SEPARATION_BIT);
    }

    static InetSocketAddress address(URI uri) {
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    /**
     * Writes the terminal's state directory under {@code dir} and returns a builder with timeouts short
     * enough for tests (rollback after 8 s).
     */
    static TerminalBuilder manufacture(Path dir, SimulatedNetwork network, Plmn operator, DeviceIdentity device,
            URI aas, Optional<X509Certificate> aasCertificate, X509Certificate provisioningRoot,
            InetSocketAddress... reachable) {
        UsimCredentials factory = newUsim(operator);
        network.provisioning(operator).createSubscription(factory, SubscriptionState.ACTIVE,
                DestinationFilter.only(reachable));
        TerminalIdentity identity = new TerminalIdentity(device.endpoint(), device.keyPair().getPrivate(),
                device.certificateChain(), aas.toString(), aasCertificate, Optional.empty(),
                TrustPolicy.standard(List.of(provisioningRoot)), "m2m-dm", "conformance terminal",
                "SN-" + device.endpoint().substring(device.endpoint().length() - 8));
        Path state = dir.resolve("terminal");
        StateDirectory.manufacture(state, identity, List.of(new StoredProfile(0, factory, operator, "Conformance Op",
                "factory", ProfileOrigin.MANUFACTURE, Instant.now())), Optional.empty());
        return Terminal.builder().stateDirectory(state).network(network).ackTimeout(Duration.ofMillis(500), 2)
                .requestTimeout(Duration.ofSeconds(5)).retryInterval(Duration.ofSeconds(1))
                .rollbackTimeout(Duration.ofSeconds(8)).bootstrapSessionTimeout(Duration.ofSeconds(10));
    }
}
