package org.m2mdm.usim.milenage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.m2mdm.usim.milenage.MilenageTestSets.TestSet;

class MilenageTest {

    static List<TestSet> testSets() {
        return MilenageTestSets.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testSets")
    void derivesOpcFromOp(TestSet t) {
        assertThat(Milenage.ofOp(t.get("k"), t.get("op")).opc()).isEqualTo(t.get("opc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testSets")
    void computesEveryFunctionOfTheConformanceTestSet(TestSet t) {
        MilenageResult r = Milenage.ofOpc(t.get("k"), t.get("opc")).compute(t.get("rand"), t.get("sqn"), t.get("amf"));
        assertThat(r.macA()).as("f1").isEqualTo(t.get("f1"));
        assertThat(r.macS()).as("f1*").isEqualTo(t.get("f1star"));
        assertThat(r.res()).as("f2").isEqualTo(t.get("f2"));
        assertThat(r.ck()).as("f3").isEqualTo(t.get("f3"));
        assertThat(r.ik()).as("f4").isEqualTo(t.get("f4"));
        assertThat(r.ak()).as("f5").isEqualTo(t.get("f5"));
        assertThat(r.akStar()).as("f5*").isEqualTo(t.get("f5star"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testSets")
    void givesTheSameResultFromOpAsFromOpcAndAcrossRepeatedCalls(TestSet t) {
        Milenage fromOp = Milenage.ofOp(t.get("k"), t.get("op"));
        MilenageResult first = fromOp.compute(t.get("rand"), t.get("sqn"), t.get("amf"));
        fromOp.compute(new byte[16], new byte[6], new byte[2]);
        assertThat(fromOp.compute(t.get("rand"), t.get("sqn"), t.get("amf"))).isEqualTo(first);
        assertThat(Milenage.ofOpc(t.get("k"), t.get("opc")).compute(t.get("rand"), t.get("sqn"), t.get("amf")))
                .isEqualTo(first);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testSets")
    void computesAkAndAkStarAloneAsInTheFullRun(TestSet t) {
        Milenage m = Milenage.ofOpc(t.get("k"), t.get("opc"));
        assertThat(m.ak(t.get("rand"))).isEqualTo(t.get("f5"));
        assertThat(m.akStar(t.get("rand"))).isEqualTo(t.get("f5star"));
    }

    @Test
    void rejectsWrongLengthKeys() {
        assertThatThrownBy(() -> Milenage.ofOp(new byte[15], new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("K must be 16 bytes, got 15");
        assertThatThrownBy(() -> Milenage.ofOp(new byte[16], new byte[17]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("OP must be 16 bytes, got 17");
        assertThatThrownBy(() -> Milenage.ofOpc(new byte[16], new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("OPc must be 16 bytes, got 0");
        assertThatThrownBy(() -> Milenage.ofOpc(null, new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("K must not be null");
    }

    @Test
    void rejectsWrongLengthInputs() {
        Milenage m = Milenage.ofOpc(new byte[16], new byte[16]);
        assertThatThrownBy(() -> m.compute(new byte[8], new byte[6], new byte[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("RAND must be 16 bytes, got 8");
        assertThatThrownBy(() -> m.compute(new byte[16], new byte[5], new byte[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("SQN must be 6 bytes, got 5");
        assertThatThrownBy(() -> m.compute(new byte[16], new byte[6], new byte[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("AMF must be 2 bytes, got 3");
        assertThatThrownBy(() -> m.ak(new byte[17]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("RAND must be 16 bytes, got 17");
    }

    @Test
    void neverPrintsOutputsOrKeys() {
        TestSet t = testSets().get(0);
        Milenage m = Milenage.ofOpc(t.get("k"), t.get("opc"));
        MilenageResult r = m.compute(t.get("rand"), t.get("sqn"), t.get("amf"));
        assertThat(r.toString() + m).doesNotContain("b40ba9a3").doesNotContain("465b5ce8").doesNotContain("cd63cb71");
    }

    @Test
    void resultAccessorsReturnCopies() {
        TestSet t = testSets().get(0);
        MilenageResult r = Milenage.ofOpc(t.get("k"), t.get("opc")).compute(t.get("rand"), t.get("sqn"), t.get("amf"));
        r.ck()[0] ^= 1;
        assertThat(r.ck()).isEqualTo(t.get("f3"));
    }
}
