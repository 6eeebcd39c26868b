package org.m2mdm.usim.aka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.m2mdm.usim.Sqn;

class SqnStateTest {

    @Test
    void nextSqnIncrementsSeqAndCyclesInd() {
        Sqn s = AuthenticationCentre.nextSqn(Sqn.of(0));
        assertThat(SqnState.seqOf(s)).isEqualTo(1);
        assertThat(SqnState.indOf(s)).isEqualTo(1);
        Sqn last = SqnState.sqnOf(7, 31);
        Sqn wrapped = AuthenticationCentre.nextSqn(last);
        assertThat(SqnState.seqOf(wrapped)).isEqualTo(8);
        assertThat(SqnState.indOf(wrapped)).isZero();
        assertThatThrownBy(() -> AuthenticationCentre.nextSqn(SqnState.sqnOf(SqnState.MAX_SEQ, 3)))
                .isInstanceOf(AkaException.class).hasMessageContaining("exhausted");
    }

    @Test
    void acceptsOnlyAHigherSeqInTheSameSlot() {
        SqnState s = SqnState.initial().accept(SqnState.sqnOf(10, 4));
        assertThat(s.isFresh(SqnState.sqnOf(10, 4))).isFalse();
        assertThat(s.isFresh(SqnState.sqnOf(9, 4))).isFalse();
        assertThat(s.isFresh(SqnState.sqnOf(11, 4))).isTrue();
        // another slot may still take an older SEQ (vectors used out of order across serving nodes)
        assertThat(s.isFresh(SqnState.sqnOf(5, 5))).isTrue();
        assertThatThrownBy(() -> s.accept(SqnState.sqnOf(10, 4))).isInstanceOf(AkaException.class);
    }

    @Test
    void refusesAJumpBeyondDelta() {
        SqnState s = SqnState.initial().accept(SqnState.sqnOf(100, 0));
        assertThat(s.isFresh(SqnState.sqnOf(100 + SqnState.DELTA, 1))).isTrue();
        assertThat(s.isFresh(SqnState.sqnOf(100 + SqnState.DELTA + 1, 1))).isFalse();
    }

    @Test
    void highestNamesTheLargestSeqAndItsSlot() {
        SqnState s = SqnState.initial().accept(SqnState.sqnOf(3, 2)).accept(SqnState.sqnOf(9, 17))
                .accept(SqnState.sqnOf(5, 1));
        assertThat(s.highest()).isEqualTo(SqnState.sqnOf(9, 17));
        assertThat(s.seq(2)).isEqualTo(3);
    }

    @Test
    void encodesAndDecodesStably() {
        SqnState s = SqnState.initial().accept(SqnState.sqnOf(0x1234, 2)).accept(SqnState.sqnOf(0x1234 + SqnState.DELTA, 31));
        String encoded = s.encode();
        assertThat(encoded).startsWith("sqn-array-v1:0,0,1234,");
        assertThat(SqnState.decode(encoded)).isEqualTo(s);
        assertThat(SqnState.initial().encode()).isEqualTo("sqn-array-v1:" + "0,".repeat(31) + "0");
    }

    @Test
    void rejectsMalformedEncodings() {
        assertThatThrownBy(() -> SqnState.decode("v0:1,2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("encoded SqnState must start with 'sqn-array-v1:'");
        assertThatThrownBy(() -> SqnState.decode("sqn-array-v1:1,2"))
                .hasMessage("encoded SqnState must have 32 values, got 2");
        assertThatThrownBy(() -> SqnState.decode("sqn-array-v1:" + "0,".repeat(31) + "x"))
                .hasMessage("encoded SqnState value 31 is not a hex SEQ");
        assertThatThrownBy(() -> SqnState.decode("sqn-array-v1:" + "0,".repeat(31) + "80000000000"))
                .hasMessage("encoded SqnState value 31 exceeds 2^43-1");
    }
}
