package org.m2mdm.envelope;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.pki.KeySuite;
import org.m2mdm.envelope.pki.ServerIdentity;
import org.m2mdm.envelope.replay.InMemoryReplayGuard;
import org.m2mdm.envelope.replay.ReplayGuard;
import org.m2mdm.envelope.trust.SignerRole;
import org.m2mdm.envelope.trust.TrustPolicy;

/** One small PKI shared by the tests (made once per JVM: key generation is the slow part). */
public final class TestPki {

    public static final Instant NOW = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    public static final CertificateAuthority ROOT = CertificateAuthority.createRoot("m2m-dm provisioning root",
            Duration.ofDays(7300));
    public static final CertificateAuthority OPERATOR_CA = ROOT.issueIntermediate("Operator A CA", Duration.ofDays(3650));
    public static final CertificateAuthority MANUFACTURER = ROOT.issueIntermediate("Manufacturer CA", Duration.ofDays(3650));
    public static final CertificateAuthority FOREIGN_ROOT = CertificateAuthority.createRoot("Somebody else's root",
            Duration.ofDays(3650));

    /** An operator's USIM management server: an intermediate below the root, unknown to devices by name. */
    public static final ServerIdentity USIM_SERVER = OPERATOR_CA.issueServer("usim.operator-a.example",
            Set.of(SignerRole.USIM_MANAGEMENT), KeySuite.P256, List.of("usim.operator-a.example", "127.0.0.1"));
    /** An application management server directly below the root (one-certificate x5chain). */
    public static final ServerIdentity APP_SERVER = ROOT.issueServer("apps.example", Set.of(SignerRole.APPLICATION_MANAGEMENT));
    public static final ServerIdentity ED_USIM_SERVER = OPERATOR_CA.issueServer("ed.operator-a.example",
            Set.of(SignerRole.USIM_MANAGEMENT), KeySuite.ED25519, List.of());
    public static final ServerIdentity FOREIGN_SERVER = FOREIGN_ROOT.issueServer("usim.pirate.example",
            Set.of(SignerRole.USIM_MANAGEMENT));

    public static final DeviceIdentity DEVICE_A = MANUFACTURER.issueDevice("urn:imei:490154203237518");
    public static final DeviceIdentity DEVICE_B = MANUFACTURER.issueDevice("urn:imei:356938035643809");
    public static final DeviceIdentity ED_DEVICE = MANUFACTURER.issueDevice("urn:imei:353918057471213", KeySuite.ED25519);

    public static final TrustPolicy POLICY = TrustPolicy.standard(List.of(ROOT.certificate()));

    private TestPki() {
    }

    public static EnvelopeSealer sealer(ServerIdentity server) {
        return sealer(server, CLOCK);
    }

    public static EnvelopeSealer sealer(ServerIdentity server, Clock clock) {
        return EnvelopeSealer.builder().signingKey(server.keyPair().getPrivate())
                .certificateChain(server.certificateChain()).clock(clock).build();
    }

    public static EnvelopeOpener opener(DeviceIdentity device, ReplayGuard guard) {
        return opener(device.keyPair().getPrivate(), device.endpoint(), guard, CLOCK);
    }

    public static EnvelopeOpener opener(DeviceIdentity device) {
        return opener(device, new InMemoryReplayGuard());
    }

    public static EnvelopeOpener opener(PrivateKey key, String deviceId, ReplayGuard guard, Clock clock) {
        return EnvelopeOpener.builder().deviceKey(key).deviceId(deviceId).trustPolicy(POLICY).replayGuard(guard)
                .clock(clock).build();
    }
}
