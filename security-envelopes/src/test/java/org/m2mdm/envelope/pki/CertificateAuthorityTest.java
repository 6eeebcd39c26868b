package org.m2mdm.envelope.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.m2mdm.envelope.TestPki.*;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.m2mdm.envelope.trust.SignerRole;

class CertificateAuthorityTest {

    // KeyUsage bit positions (RFC 5280)
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_AGREEMENT = 4;
    private static final int KEY_CERT_SIGN = 5;

    @Test
    void rootIsASelfSignedCa() throws Exception {
        X509Certificate root = ROOT.certificate();
        root.verify(root.getPublicKey());
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(root.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
    }

    @Test
    void intermediateMayIssueOnlyEndEntities() throws Exception {
        X509Certificate intermediate = MANUFACTURER.certificate();
        intermediate.verify(ROOT.certificate().getPublicKey());
        assertThat(intermediate.getBasicConstraints()).isZero();
        assertThat(MANUFACTURER.chain()).containsExactly(intermediate, ROOT.certificate());
    }

    @Test
    void deviceCertificateNamesTheEndpointAndAllowsSigningAndKeyAgreement() throws Exception {
        X509Certificate device = DEVICE_A.certificate();
        device.verify(MANUFACTURER.certificate().getPublicKey());
        assertThat(DeviceIdentity.endpointOf(device)).isEqualTo("urn:imei:490154203237518");
        assertThat(device.getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
        assertThat(device.getKeyUsage()[KEY_AGREEMENT]).isTrue();
        assertThat(device.getBasicConstraints()).isEqualTo(-1);
        assertThat(device.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
        assertThat(DEVICE_A.certificateChain()).containsExactly(device, MANUFACTURER.certificate());
        assertThat(device.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void ed25519SuiteDeviceGetsAKeyAgreementOnlyX25519Certificate() {
        X509Certificate device = ED_DEVICE.certificate();
        assertThat(device.getKeyUsage()[KEY_AGREEMENT]).isTrue();
        assertThat(device.getKeyUsage()[DIGITAL_SIGNATURE]).isFalse();
        assertThat(device.getPublicKey().getAlgorithm()).isIn("X25519", "XDH");
    }

    @Test
    void serverCertificateCarriesRolesAndWorksForDtls() throws Exception {
        X509Certificate server = USIM_SERVER.certificate();
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", SignerRole.USIM_MANAGEMENT.oid())
                .doesNotContain(SignerRole.ACTIVATION.oid());
        assertThat(server.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
                .containsExactlyInAnyOrder((Object) "usim.operator-a.example", "127.0.0.1");
        assertThat(server.getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
        assertThat(USIM_SERVER.roles()).containsExactly(SignerRole.USIM_MANAGEMENT);
        assertThat(USIM_SERVER.certificateChain()).containsExactly(server, OPERATOR_CA.certificate());
        assertThat(ED_USIM_SERVER.keyPair().getPublic().getAlgorithm()).isIn("Ed25519", "EdDSA");
    }

    @Test
    void keyIdIsTheSha256OfTheSubjectPublicKeyInfo() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(DEVICE_A.certificate().getPublicKey().getEncoded());
        assertThat(DEVICE_A.keyId()).isEqualTo(HexFormat.of().formatHex(expected)).hasSize(64);
        assertThat(Fingerprints.keyId(DEVICE_A.keyPair().getPublic())).isEqualTo(DEVICE_A.keyId());
    }

    @Test
    void identitiesNeverPrintTheirPrivateKeys() {
        String hexScalar = ((java.security.interfaces.ECPrivateKey) DEVICE_A.keyPair().getPrivate()).getS().toString(16);
        assertThat(DEVICE_A.toString()).contains("urn:imei:490154203237518").doesNotContain(hexScalar)
                .doesNotContain("PrivateKey");
        assertThat(USIM_SERVER.toString()).doesNotContain(
                ((java.security.interfaces.ECPrivateKey) USIM_SERVER.keyPair().getPrivate()).getS().toString(16));
        assertThat(ROOT.toString()).doesNotContain(((java.security.interfaces.ECPrivateKey) ROOT.privateKey()).getS().toString(16));
    }

    @Test
    void refusesBlankNamesAndBadAddresses() {
        assertThatThrownBy(() -> ROOT.issueDevice(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ROOT.issueServer("x", Set.of(), KeySuite.P256, List.of("300.1.1.1")))
                .isInstanceOf(RuntimeException.class);
    }
}
