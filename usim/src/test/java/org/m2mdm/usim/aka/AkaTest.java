package org.m2mdm.usim.aka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Sqn;

/** Network (AuthenticationCentre + an SQN store) against terminal (UsimAuthenticator), with real Milenage. */
class AkaTest {
    private static final K K_ = K.fromHex("465b5ce8b199b49faa5f0a2ee238a6bc");
    private static final Opc OPC = Opc.fromHex("cd63cb71954a9f4e48a5994e37a02baf");
    private static final Amf AMF = Amf.SEPARATION_BIT;
    private static final Imsi IMSI = Imsi.of("001010000123456");

    private final AuthenticationCentre centre = new AuthenticationCentre(new SecureRandom());
    private final SqnStore hss = new InMemorySqnStore();

    @Test
    void fullRunAgreesOnResAndSessionKeys() {
        UsimAuthenticator usim = new UsimAuthenticator(K_, OPC, SqnState.initial());
        AuthenticationVector av = centre.generate(K_, OPC, hss.advance(IMSI), AMF);

        AkaResponse response = usim.respond(av.rand(), av.autn());

        assertThat(response).isInstanceOf(AkaResponse.Success.class);
        AkaResponse.Success ok = (AkaResponse.Success) response;
        assertThat(ok.res()).isEqualTo(av.xres());
        assertThat(ok.ck()).isEqualTo(av.ck());
        assertThat(ok.ik()).isEqualTo(av.ik());
    }

    @Test
    void autnCarriesMaskedSqnAmfAndMacA() {
        byte[] rand = new byte[16];
        AuthenticationVector av = AuthenticationCentre.generate(K_, OPC, Sqn.of(0x20), AMF, rand);
        byte[] autn = av.autn();
        assertThat(new byte[] {autn[6], autn[7]}).isEqualTo(AMF.bytes());
        // SQN is hidden by AK: the first 6 bytes are not the plain SQN
        assertThat(java.util.Arrays.copyOf(autn, 6)).isNotEqualTo(Sqn.of(0x20).bytes());
    }

    @Test
    void manyConsecutiveVectorsAreAllAccepted() {
        UsimAuthenticator usim = new UsimAuthenticator(K_, OPC, SqnState.initial());
        for (int i = 0; i < 70; i++) {
            AuthenticationVector av = centre.generate(K_, OPC, hss.advance(IMSI), AMF);
            assertThat(usim.respond(av.rand(), av.autn())).as("vector %d", i).isInstanceOf(AkaResponse.Success.class);
        }
    }

    @Test
    void replayedAutnGivesSyncFailure() {
        UsimAuthenticator usim = new UsimAuthenticator(K_, OPC, SqnState.initial());
        AuthenticationVector av = centre.generate(K_, OPC, hss.advance(IMSI), AMF);
        assertThat(usim.respond(av.rand(), av.autn())).isInstanceOf(AkaResponse.Success.class);
        SqnState afterFirst = usim.state();

        AkaResponse replay = usim.respond(av.rand(), av.autn());

        assertThat(replay).isInstanceOf(AkaResponse.SyncFailure.class);
        assertThat(usim.state()).isEqualTo(afterFirst);
        // the AUTS verifies and names the SQN the USIM has already accepted
        Sqn sqnMs = centre.resynchronise(K_, OPC, av.rand(), ((AkaResponse.SyncFailure) replay).auts());
        assertThat(sqnMs).isEqualTo(hss.current(IMSI).orElseThrow());
    }

    @Test
    void staleNetworkSqnIsResynchronisedFromAutsAndTheNextVectorIsAccepted() {
        // the USIM has already seen SQNs far beyond what this HSS believes (e.g. the HSS lost its state)
        UsimAuthenticator usim = new UsimAuthenticator(K_, OPC, SqnState.initial());
        InMemorySqnStore other = new InMemorySqnStore();
        for (int i = 0; i < 40; i++) {
            AuthenticationVector av = centre.generate(K_, OPC, other.advance(IMSI), AMF);
            assertThat(usim.respond(av.rand(), av.autn())).isInstanceOf(AkaResponse.Success.class);
        }

        AuthenticationVector stale = centre.generate(K_, OPC, hss.advance(IMSI), AMF);
        AkaResponse response = usim.respond(stale.rand(), stale.autn());
        assertThat(response).isInstanceOf(AkaResponse.SyncFailure.class);

        Sqn sqnMs = centre.resynchronise(K_, OPC, stale.rand(), ((AkaResponse.SyncFailure) response).auts());
        assertThat(sqnMs).isEqualTo(other.current(IMSI).orElseThrow()).isEqualTo(usim.state().highest());
        hss.resynchronised(IMSI, sqnMs);

        AuthenticationVector fresh = centre.generate(K_, OPC, hss.advance(IMSI), AMF);
        AkaResponse retry = usim.respond(fresh.rand(), fresh.autn());
        assertThat(retry).isInstanceOf(AkaResponse.Success.class);
        assertThat(((AkaResponse.Success) retry).res()).isEqualTo(fresh.xres());
    }

    @Test
    void wrongKGivesMacFailureAndChangesNothing() {
        UsimAuthenticator usim = new UsimAuthenticator(K.fromHex("0396eb317b6d1c36f19c1c84cd6ffd16"), OPC,
                SqnState.initial());
        AuthenticationVector av = centre.generate(K_, OPC, hss.advance(IMSI), AMF);

        assertThat(usim.respond(av.rand(), av.autn())).isEqualTo(new AkaResponse.MacFailure());
        assertThat(usim.state()).isEqualTo(SqnState.initial());
    }

    @Test
    void tamperedAutnGivesMacFailure() {
        UsimAuthenticator usim = new UsimAuthenticator(K_, OPC, SqnState.initial());
        AuthenticationVector av = centre.generate(K_, OPC, hss.advance(IMSI), AMF);
        byte[] autn = av.autn();
        autn[7] ^= 0x01; // AMF is covered by MAC-A
        assertThat(usim.respond(av.rand(), autn)).isInstanceOf(AkaResponse.MacFailure.class);
    }

    @Test
    void resynchronisationRejectsAForgedMacS() {
        UsimAuthenticator usim = new UsimAuthenticator(K_, OPC, SqnState.initial());
        AuthenticationVector av = centre.generate(K_, OPC, hss.advance(IMSI), AMF);
        usim.respond(av.rand(), av.autn());
        byte[] auts = ((AkaResponse.SyncFailure) usim.respond(av.rand(), av.autn())).auts();
        auts[13] ^= 0x01;

        assertThatThrownBy(() -> centre.resynchronise(K_, OPC, av.rand(), auts)).isInstanceOf(AkaException.class)
                .hasMessage("AUTS rejected: MAC-S does not verify");
    }

    @Test
    void freshnessStateSurvivesEncodeAndDecode() {
        UsimAuthenticator usim = new UsimAuthenticator(K_, OPC, SqnState.initial());
        AuthenticationVector av = centre.generate(K_, OPC, hss.advance(IMSI), AMF);
        usim.respond(av.rand(), av.autn());

        UsimAuthenticator restarted = new UsimAuthenticator(K_, OPC, SqnState.decode(usim.state().encode()));

        assertThat(restarted.respond(av.rand(), av.autn())).isInstanceOf(AkaResponse.SyncFailure.class);
    }

    @Test
    void rejectsWrongLengthChallenge() {
        UsimAuthenticator usim = new UsimAuthenticator(K_, OPC, SqnState.initial());
        assertThatThrownBy(() -> usim.respond(new byte[15], new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RAND must be 16 bytes, got 15");
        assertThatThrownBy(() -> usim.respond(new byte[16], new byte[14])).hasMessage("AUTN must be 16 bytes, got 14");
        assertThatThrownBy(() -> centre.resynchronise(K_, OPC, new byte[16], new byte[16]))
                .hasMessage("AUTS must be 14 bytes, got 16");
    }

    @Test
    void vectorsAndResponsesNeverPrintKeys() {
        AuthenticationVector av = AuthenticationCentre.generate(K_, OPC, Sqn.of(33), AMF, new byte[16]);
        String ck = java.util.HexFormat.of().formatHex(av.ck());
        AkaResponse r = new UsimAuthenticator(K_, OPC, SqnState.initial()).respond(av.rand(), av.autn());
        assertThat(av.toString() + r).doesNotContain(ck).doesNotContain(java.util.HexFormat.of().formatHex(av.xres()));
    }
}
