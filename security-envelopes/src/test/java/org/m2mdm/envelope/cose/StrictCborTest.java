package org.m2mdm.envelope.cose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;

/** What the CBOR library does on its own, and what the pre-scan adds. */
class StrictCborTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static void rejected(String hex) {
        assertThatThrownBy(() -> StrictCbor.decode(hex(hex), Set.of(18))).as(hex).isInstanceOf(CoseException.class);
    }

    @Test
    void theLibraryAloneAcceptsIndefiniteLengthsAndNonShortestFormsSoThePreScanIsNeeded() {
        CBOREncodeOptions options = new CBOREncodeOptions("allowduplicatekeys=false");
        assertThat(CBORObject.DecodeFromBytes(hex("9f0102ff"), options).size()).isEqualTo(2);
        assertThat(CBORObject.DecodeFromBytes(hex("1805"), options).AsInt32Value()).isEqualTo(5);
        assertThat(CBORObject.DecodeFromBytes(hex("d9ffff00"), options).isTagged()).isTrue();
        assertThatThrownBy(() -> CBORObject.DecodeFromBytes(hex("a201010102"), options)).isInstanceOf(CBORException.class);
    }

    @Test
    void acceptsDefiniteShortestFormItems() throws Exception {
        CBORObject decoded = StrictCbor.decode(hex("d28443a10126a0443132333440"), Set.of(18));
        assertThat(decoded.isTagged()).isTrue();
        assertThat(StrictCbor.decode(hex("a3011818023903e70340")).size()).isEqualTo(3);
        assertThat(StrictCbor.decode(hex("83f4f5f6")).size()).isEqualTo(3);
    }

    @Test
    void rejectsEveryClassOfNonStrictInput() {
        rejected("9f0102ff");           // indefinite array
        rejected("5f4101ff");           // indefinite byte string
        rejected("ff");                 // lone break
        rejected("1805");               // non-shortest integer
        rejected("190005");             // non-shortest 2-byte integer
        rejected("5800");               // non-shortest length
        rejected("1c");                 // reserved additional information
        rejected("f93c00");             // half float
        rejected("f820");               // one-byte simple value
        rejected("a201010102");         // duplicate key
        rejected("0000");               // trailing bytes
        rejected("5b0000000100000000"); // 4 GiB byte string in 9 bytes
        rejected("9bffffffffffffffff"); // 2^64-1 elements
        rejected("bbffffffffffffffff"); // 2^64-1 map entries
        rejected("62c328");             // invalid UTF-8 text
        rejected("d8608100");           // unexpected tag
        rejected("81d200");             // tag below the top
        rejected("d2d200");             // tag on a tag
        rejected("8181818181818181818100"); // nested too deep
        rejected("");
        rejected("83010203".substring(0, 6)); // truncated
    }
}
