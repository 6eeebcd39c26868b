package org.m2mdm.usim.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;
import org.m2mdm.usim.aka.AkaResponse;
import org.m2mdm.usim.aka.AuthenticationCentre;
import org.m2mdm.usim.aka.AuthenticationVector;
import org.m2mdm.usim.aka.SqnState;
import org.m2mdm.usim.aka.UsimAuthenticator;

class SyntheticCredentialsTest {
    private static final Plmn REGISTRATION_OPERATOR = Plmn.of("001", "01");

    /** The worked example of usim/README.md; expected values computed independently (Python hmac/hashlib). */
    @Test
    void derivesTheDocumentedWorkedExample() {
        UsimCredentials c = SyntheticCredentials.derive(Ku.parse(KuTest.EXAMPLE_LABEL), REGISTRATION_OPERATOR);

        assertThat(c.imsi().digits()).isEqualTo("001019793527806");
        assertThat(c.iccid().digits()).isEqualTo("8900101573820841291");
        assertThat(c.k()).isEqualTo(K.fromHex("31310924a0131b39c24fc73507390b97"));
        assertThat(c.opc()).isEqualTo(Opc.fromHex("81fbc1000bc532431e25d49b44df1183"));
        assertThat(c.algorithm()).isEqualTo(Algorithm.MILENAGE);
        assertThat(c.amf()).isEqualTo(Amf.of(0x8000));
    }

    @Test
    void placesTheImsiInsideTheRegistrationOperator() {
        Ku ku = Ku.generate(new SecureRandom());
        UsimCredentials twoDigit = SyntheticCredentials.derive(ku, REGISTRATION_OPERATOR);
        assertThat(twoDigit.imsi().plmn()).isEqualTo(REGISTRATION_OPERATOR);
        assertThat(twoDigit.imsi().digits()).hasSize(15);
        assertThat(twoDigit.iccid().digits()).hasSize(19).startsWith("8900101");

        Plmn threeDigit = Plmn.of("310", "410");
        UsimCredentials c = SyntheticCredentials.derive(ku, threeDigit);
        assertThat(c.imsi().plmn()).isEqualTo(threeDigit);
        assertThat(c.imsi().msin()).hasSize(9);
        assertThat(c.iccid().digits()).hasSize(19).startsWith("89310410");
        assertThat(c.k()).isEqualTo(twoDigit.k());
    }

    @Test
    void isDeterministicAndDifferentForAnotherKu() {
        SecureRandom random = new SecureRandom();
        Ku a = Ku.generate(random);
        Ku b = Ku.generate(random);
        assertThat(SyntheticCredentials.derive(Ku.parse(a.toLabel()), REGISTRATION_OPERATOR))
                .isEqualTo(SyntheticCredentials.derive(a, REGISTRATION_OPERATOR));
        UsimCredentials ca = SyntheticCredentials.derive(a, REGISTRATION_OPERATOR);
        UsimCredentials cb = SyntheticCredentials.derive(b, REGISTRATION_OPERATOR);
        assertThat(cb.imsi()).isNotEqualTo(ca.imsi());
        assertThat(cb.k()).isNotEqualTo(ca.k());
        assertThat(cb.opc()).isNotEqualTo(ca.opc());
    }

    @Test
    void derivedCredentialsAuthenticate() {
        UsimCredentials c = SyntheticCredentials.derive(Ku.parse(KuTest.EXAMPLE_LABEL), REGISTRATION_OPERATOR);
        AuthenticationVector av = new AuthenticationCentre(new SecureRandom())
                .generate(c.k(), c.opc(), AuthenticationCentre.nextSqn(org.m2mdm.usim.Sqn.of(0)), c.amf());
        AkaResponse r = new UsimAuthenticator(c.k(), c.opc(), SqnState.initial()).respond(av.rand(), av.autn());
        assertThat(r).isInstanceOf(AkaResponse.Success.class);
    }

    @Test
    void rejectsMissingInputs() {
        assertThatThrownBy(() -> SyntheticCredentials.derive(null, REGISTRATION_OPERATOR))
                .hasMessage("Ku must not be null");
        assertThatThrownBy(() -> SyntheticCredentials.derive(Ku.generate(new SecureRandom()), null))
                .hasMessage("registration operator PLMN must not be null");
    }
}
