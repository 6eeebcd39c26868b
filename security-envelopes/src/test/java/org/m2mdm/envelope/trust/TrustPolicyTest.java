package org.m2mdm.envelope.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.m2mdm.envelope.TestPki.*;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.m2mdm.envelope.EnvelopeOpener;
import org.m2mdm.envelope.EnvelopeRejectedException;
import org.m2mdm.envelope.EnvelopeRejectedException.Reason;
import org.m2mdm.envelope.OpenedEnvelope;
import org.m2mdm.envelope.PayloadType;
import org.m2mdm.envelope.pki.CertificateAuthority;
import org.m2mdm.envelope.pki.ServerIdentity;
import org.m2mdm.envelope.replay.InMemoryReplayGuard;

class TrustPolicyTest {

    private static final byte[] PROFILE = "new operator's USIM".getBytes();

    private static List<byte[]> encoded(List<X509Certificate> chain) throws Exception {
        List<byte[]> result = new java.util.ArrayList<>();
        for (X509Certificate certificate : chain) {
            result.add(certificate.getEncoded());
        }
        return result;
    }

    private static OpenedEnvelope open(TrustPolicy policy, ServerIdentity server, PayloadType type) throws Exception {
        byte[] envelope = sealer(server).seal(PROFILE, type, DEVICE_A.certificate(), 1, Duration.ofHours(1));
        EnvelopeOpener opener = EnvelopeOpener.builder().deviceKey(DEVICE_A.keyPair().getPrivate())
                .deviceId(DEVICE_A.endpoint()).trustPolicy(policy).replayGuard(new InMemoryReplayGuard())
                .clock(CLOCK).build();
        return opener.open(envelope);
    }

    private static Reason rejection(TrustPolicy policy, ServerIdentity server, PayloadType type) {
        try {
            open(policy, server, type);
        } catch (EnvelopeRejectedException e) {
            return e.reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted");
    }

    @Test
    void standardRulesMapEachRoleToItsPayloadType() {
        assertThat(POLICY.rules()).isEqualTo(Map.of(
                SignerRole.USIM_MANAGEMENT, Set.of(PayloadType.USIM_PROFILE),
                SignerRole.APPLICATION_MANAGEMENT, Set.of(PayloadType.APP_PARAMS),
                SignerRole.ACTIVATION, Set.of(PayloadType.TRUST_POLICY),
                SignerRole.SOFTWARE_PUBLISHER, Set.of(PayloadType.SOFTWARE)));
        assertThat(POLICY.allows(Set.of(SignerRole.ACTIVATION), PayloadType.TRUST_POLICY)).isTrue();
        assertThat(POLICY.allows(Set.of(SignerRole.ACTIVATION), PayloadType.USIM_PROFILE)).isFalse();
    }

    @Test
    void acceptsAnUnknownNewOperatorsUsimServerThatChainsToAnAnchorWithTheUsimRole() throws Exception {
        CertificateAuthority newOperator = ROOT.issueIntermediate("Operator B CA", Duration.ofDays(365));
        ServerIdentity newServer = newOperator.issueServer("usim.operator-b.example", Set.of(SignerRole.USIM_MANAGEMENT));

        OpenedEnvelope opened = open(POLICY, newServer, PayloadType.USIM_PROFILE);

        assertThat(opened.payload()).isEqualTo(PROFILE);
        assertThat(opened.signer()).isEqualTo(newServer.certificate());
    }

    @Test
    void rejectsAnyOtherUnknownServer() {
        CertificateAuthority newOperator = ROOT.issueIntermediate("Operator C CA", Duration.ofDays(365));
        ServerIdentity wrongRole = newOperator.issueServer("apps.operator-c.example", Set.of(SignerRole.APPLICATION_MANAGEMENT));
        assertThat(rejection(POLICY, wrongRole, PayloadType.USIM_PROFILE)).isEqualTo(Reason.SIGNER_ROLE_NOT_ALLOWED);
        assertThat(rejection(POLICY, FOREIGN_SERVER, PayloadType.USIM_PROFILE)).isEqualTo(Reason.UNTRUSTED_SIGNER);
    }

    @Test
    void grantsOnlyTheRolesAnIntermediateIsPermittedToGrant() throws Exception {
        CertificateAuthority usimOnly = ROOT.issueIntermediate("Operator D CA (USIM only)", Duration.ofDays(365),
                Set.of(SignerRole.USIM_MANAGEMENT));
        ServerIdentity overreaching = usimOnly.issueServer("aas.operator-d.example",
                Set.of(SignerRole.USIM_MANAGEMENT, SignerRole.ACTIVATION));
        assertThat(rejection(POLICY, overreaching, PayloadType.TRUST_POLICY)).isEqualTo(Reason.SIGNER_ROLE_NOT_ALLOWED);
        OpenedEnvelope opened = open(POLICY, overreaching, PayloadType.USIM_PROFILE);
        assertThat(opened.signerRoles()).containsExactly(SignerRole.USIM_MANAGEMENT);
    }

    @Test
    void enforcesPathLengthOfIntermediates() {
        CertificateAuthority tooDeep = OPERATOR_CA.issueIntermediate("Sub-sub CA", Duration.ofDays(30));
        ServerIdentity server = tooDeep.issueServer("deep.example", Set.of(SignerRole.USIM_MANAGEMENT));
        assertThat(rejection(POLICY, server, PayloadType.USIM_PROFILE)).isEqualTo(Reason.UNTRUSTED_SIGNER);
    }

    @Test
    void rejectsACaCertificateOrAnchorAsSigner() throws Exception {
        assertThatThrownBy(() -> POLICY.validate(encoded(OPERATOR_CA.chain()), NOW))
                .isInstanceOf(UntrustedSignerException.class);
        assertThatThrownBy(() -> POLICY.validate(encoded(ROOT.chain()), NOW))
                .isInstanceOf(UntrustedSignerException.class);
    }

    @Test
    void cachesValidatedChainsButStillHonoursTheirValidity() throws Exception {
        List<byte[]> chain = encoded(USIM_SERVER.certificateChain());
        ValidatedSigner first = POLICY.validate(chain, NOW);
        assertThat(POLICY.validate(chain, NOW)).isSameAs(first);
        Instant afterExpiry = USIM_SERVER.certificate().getNotAfter().toInstant().plusSeconds(1);
        assertThatThrownBy(() -> POLICY.validate(chain, afterExpiry)).isInstanceOf(UntrustedSignerException.class);
        assertThat(first.roles()).containsExactly(SignerRole.USIM_MANAGEMENT);
        assertThat(first.keyId()).isEqualTo(USIM_SERVER.keyId());
    }

    @Test
    void encodesAndDecodesForTransport() throws Exception {
        TrustPolicy custom = TrustPolicy.builder().anchor(ROOT.certificate()).anchor(FOREIGN_ROOT.certificate())
                .allow(SignerRole.USIM_MANAGEMENT, PayloadType.USIM_PROFILE, PayloadType.APP_PARAMS).build();
        TrustPolicy decoded = TrustPolicy.decode(custom.encode());
        assertThat(decoded).isEqualTo(custom);
        assertThat(decoded.anchors()).containsExactly(ROOT.certificate(), FOREIGN_ROOT.certificate());
        assertThat(open(decoded, FOREIGN_SERVER, PayloadType.USIM_PROFILE).payload()).isEqualTo(PROFILE);
        assertThat(TrustPolicy.decode(POLICY.encode())).isEqualTo(POLICY);
    }

    @Test
    void refusesToDecodeGarbage() {
        byte[] encoded = POLICY.encode();
        assertThatThrownBy(() -> TrustPolicy.decode(new byte[] {(byte) 0xa0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustPolicy.decode(java.util.Arrays.copyOf(encoded, encoded.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] corrupt = encoded.clone();
        corrupt[40] ^= 0x55;
        assertThatThrownBy(() -> TrustPolicy.decode(corrupt)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksRevocationWhenCrlsAreGiven() throws Exception {
        ServerIdentity revoked = OPERATOR_CA.issueServer("revoked.operator-a.example", Set.of(SignerRole.USIM_MANAGEMENT));
        X509CRL operatorCrl = crl(OPERATOR_CA, revoked.certificate().getSerialNumber());
        X509CRL rootCrl = crl(ROOT, null);
        TrustPolicy withCrls = TrustPolicy.builder().anchor(ROOT.certificate())
                .allow(SignerRole.USIM_MANAGEMENT, PayloadType.USIM_PROFILE).crl(operatorCrl).crl(rootCrl).build();

        assertThat(rejection(withCrls, revoked, PayloadType.USIM_PROFILE)).isEqualTo(Reason.UNTRUSTED_SIGNER);
        assertThat(open(withCrls, USIM_SERVER, PayloadType.USIM_PROFILE).payload()).isEqualTo(PROFILE);
        assertThat(TrustPolicy.decode(withCrls.encode()).crls()).hasSize(2);
        assertThat(open(POLICY, revoked, PayloadType.USIM_PROFILE).payload()).as("no CRLs, no revocation check")
                .isEqualTo(PROFILE);
    }

    private static X509CRL crl(CertificateAuthority ca, BigInteger revokedSerial) throws Exception {
        X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca.certificate(), Date.from(NOW.minusSeconds(60)));
        builder.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(7))));
        if (revokedSerial != null) {
            builder.addCRLEntry(revokedSerial, Date.from(NOW.minusSeconds(30)), CRLReason.keyCompromise);
        }
        return new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(ca.privateKey())));
    }

    @Test
    void roleOidsLiveUnderTheProjectUuidArc() {
        assertThat(SignerRole.ARC).matches("2\\.25\\.[0-9]{30,39}");
        for (SignerRole role : SignerRole.values()) {
            assertThat(role.oid()).startsWith(SignerRole.ARC + ".1.");
            assertThat(SignerRole.fromOid(role.oid())).contains(role);
        }
        assertThat(new BigInteger(SignerRole.ARC.substring(5))).isEqualTo(
                new BigInteger("8838162ee3c341fa99f712ab64035cb0", 16));
    }
}
