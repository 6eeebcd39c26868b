package org.m2mdm.fleet;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.m2mdm.client.StateDirectory;
import org.m2mdm.client.TerminalIdentity;
import org.m2mdm.client.profiles.ProfileOrigin;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.synthetic.Ku;

/**
 * The terminal manufacturer: mints a device identity from the manufacturer CA and writes a new
 * terminal state directory holding it, the AAS address with the AAS's DTLS certificate, the factory
 * trust policy, and either a legacy USIM or only Ku. Also mints operator USIMs (random K/OPc), since
 * in the simulation the operator's SIM vendor is the same kind of factory.
 */
public final class TerminalFactory {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Endpoint and MSIN serials unique within one JVM run and unlikely to collide across runs. */
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000);

    private final CertificateAuthority manufacturerCa;
    private final X509Certificate aasCertificate;
    private final TrustPolicy factoryPolicy;
    private final Path workshop;

    /**
     * @param manufacturerCa issues the device certificates (the AAS admits devices chaining to it)
     * @param aasCertificate the AAS's DTLS certificate, pinned into each terminal
     * @param factoryPolicy  the trust policy a terminal has before the AAS gives it one
     * @param workshop       parent directory of the terminals' state directories
     */
    public TerminalFactory(CertificateAuthority manufacturerCa, X509Certificate aasCertificate, TrustPolicy factoryPolicy,
            Path workshop) {
        this.manufacturerCa = Objects.requireNonNull(manufacturerCa);
        this.aasCertificate = Objects.requireNonNull(aasCertificate);
        this.factoryPolicy = Objects.requireNonNull(factoryPolicy);
        this.workshop = Objects.requireNonNull(workshop);
    }

    /** A fresh operator USIM of {@code plmn}: unique IMSI and ICCID, random K and OPc, Milenage. */
    public static UsimCredentials newUsim(Plmn plmn) {
        long n = SERIAL.incrementAndGet();
        String msin = String.format("%0" + (15 - 3 - plmn.mnc().length()) + "d", n % 1_000_000_000L);
        Iccid iccid = Iccid.withCheckDigit("8988" + plmn.mcc() + String.format("%011d", n % 100_000_000_000L));
        return new UsimCredentials(Imsi.of(plmn, msin), iccid, K.of(random(16)), Opc.of(random(16)), Algorithm.MILENAGE,
                Amf.SEPARATION_BIT);
    }

    /** A new endpoint name, {@code urn:imei:} + 15 digits. */
    public static String newEndpoint() {
        return "urn:imei:" + String.format("%015d", 350000000000000L + SERIAL.incrementAndGet() % 10_000_000_000L);
    }

    /** Scenarios 1 and 2: a terminal with a legacy USIM of {@code operator} and the AAS address (may be a DNS name). */
    public ManufacturedTerminal withLegacyUsim(Plmn operator, String operatorName, String aasAddress) {
        String endpoint = newEndpoint();
        UsimCredentials usim = newUsim(operator);
        DeviceIdentity device = manufacturerCa.issueDevice(endpoint);
        StoredProfile factoryProfile = new StoredProfile(0, usim, operator, operatorName, "factory",
                ProfileOrigin.MANUFACTURE, Instant.now());
        Path dir = directoryFor(endpoint);
        StateDirectory.manufacture(dir, identity(endpoint, device, aasAddress, Optional.empty()),
                List.of(factoryProfile), Optional.of(usim.iccid()));
        return new ManufacturedTerminal(endpoint, dir, device, Optional.of(usim), Optional.empty());
    }

    /** Scenario 3: a terminal holding only Ku; the AAS address is typically a name resolved in the attached network. */
    public ManufacturedTerminal withKuOnly(String aasAddress) {
        String endpoint = newEndpoint();
        Ku ku = Ku.generate(RANDOM);
        DeviceIdentity device = manufacturerCa.issueDevice(endpoint);
        Path dir = directoryFor(endpoint);
        StateDirectory.manufacture(dir, identity(endpoint, device, aasAddress, Optional.of(ku)), List.of(),
                Optional.empty());
        return new ManufacturedTerminal(endpoint, dir, device, Optional.empty(), Optional.of(ku));
    }

    private TerminalIdentity identity(String endpoint, DeviceIdentity device, String aasAddress, Optional<Ku> ku) {
        return new TerminalIdentity(endpoint, device.keyPair().getPrivate(), device.certificateChain(), aasAddress,
                Optional.of(aasCertificate), ku, factoryPolicy, "m2m-dm fleet", "simulated meter",
                endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    private Path directoryFor(String endpoint) {
        return workshop.resolve(endpoint.replace(':', '_'));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
