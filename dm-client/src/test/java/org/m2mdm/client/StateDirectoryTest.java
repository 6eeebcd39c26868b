package org.m2mdm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.m2mdm.client.profiles.ProfileOrigin;
import org.m2mdm.client.profiles.StoredProfile;
import org.m2mdm.client.profiles.TestProfiles;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.DeviceIdentity;
import org.m2mdm.envelope.trust.TrustPolicy;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.synthetic.Ku;

class StateDirectoryTest {
    static final CertificateAuthority CA = CertificateAuthority.createRoot("CA", Duration.ofDays(2));
    static final Plmn PLMN = Plmn.of("001", "01");

    @TempDir
    Path dir;
    Path state;
    TerminalIdentity identity;
    StoredProfile profile;

    @BeforeEach
    void setUp() {
        state = dir.resolve("t");
        DeviceIdentity d = CA.issueDevice("urn:imei:1");
        identity = new TerminalIdentity("urn:imei:1", d.keyPair().getPrivate(), d.certificateChain(), "coap://aas.m2m.local",
                Optional.empty(), Optional.of(Ku.generate(new SecureRandom())), TrustPolicy.standard(List.of(CA.certificate())),
                null, null, null);
        profile = TestProfiles.profile(0, TestProfiles.credentials(PLMN), PLMN, ProfileOrigin.MANUFACTURE);
    }

    @Test
    void manufacturedDirectoryReopensWithTheSameIdentity() throws Exception {
        StateDirectory.manufacture(state, identity, List.of(profile), Optional.empty());
        StateDirectory s = StateDirectory.open(state);
        assertThat(s.identity().endpoint()).isEqualTo("urn:imei:1");
        assertThat(s.identity().deviceKey().getEncoded()).isEqualTo(identity.deviceKey().getEncoded());
        assertThat(s.identity().ku()).isEqualTo(identity.ku());
        assertThat(Files.getPosixFilePermissions(state.resolve(StateDirectory.DEVICE_KEY)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(state.resolve(StateDirectory.KU)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(identity.toString()).doesNotContain(identity.ku().get().toLabel());
    }

    @Test
    void refusesToOverwriteATerminal() {
        StateDirectory.manufacture(state, identity, List.of(profile), Optional.empty());
        assertThatThrownBy(() -> StateDirectory.manufacture(state, identity, List.of(), Optional.empty()))
                .hasMessageContaining("refusing to overwrite");
    }

    @Test
    void namesTheBrokenFile() throws Exception {
        StateDirectory.manufacture(state, identity, List.of(profile), Optional.empty());
        Files.writeString(state.resolve(StateDirectory.KU), "NOT-A-KU-LABEL\n");
        assertThatThrownBy(() -> StateDirectory.open(state)).isInstanceOf(StateDirectoryException.class)
                .hasMessageContaining(StateDirectory.KU);
        Files.delete(state.resolve(StateDirectory.KU));
        Files.writeString(state.resolve(StateDirectory.DEVICE_KEY_PASSPHRASE), "wrong\n");
        assertThatThrownBy(() -> StateDirectory.open(state)).hasMessageContaining(StateDirectory.DEVICE_KEY)
                .hasMessageContaining("passphrase");
    }

    @Test
    void missingDirectoryAndDtlsAasWithoutCertificateAreExplained() throws Exception {
        assertThatThrownBy(() -> StateDirectory.open(dir.resolve("nope"))).hasMessageContaining("does not exist");
        TerminalIdentity dtls = new TerminalIdentity(identity.endpoint(), identity.deviceKey(),
                identity.deviceCertificateChain(), "coaps://aas.m2m.local", Optional.empty(), Optional.empty(),
                identity.manufacturePolicy(), null, null, null);
        assertThatThrownBy(() -> StateDirectory.manufacture(state, dtls, List.of(profile), Optional.empty()))
                .hasMessageContaining(StateDirectory.AAS_CERTIFICATE);
    }

    @Test
    void aTerminalNeedsAProfileOrKu() {
        TerminalIdentity none = new TerminalIdentity(identity.endpoint(), identity.deviceKey(),
                identity.deviceCertificateChain(), identity.aasAddress(), Optional.empty(), Optional.empty(),
                identity.manufacturePolicy(), null, null, null);
        assertThatThrownBy(() -> StateDirectory.manufacture(state, none, List.of(), Optional.empty()))
                .hasMessageContaining("USIM profile or Ku");
    }
}
