package org.m2mdm.envelope.cose;

/** COSE (RFC 9052/9053) labels and algorithm identifiers used by the profile and its tests. */
public final class Cose {

    private Cose() {
    }

    // CBOR tags
    public static final int TAG_SIGN1 = 18;
    public static final int TAG_ENCRYPT0 = 16;
    public static final int TAG_ENCRYPT = 96;

    // Common header labels
    public static final int HEADER_ALG = 1;
    public static final int HEADER_CRIT = 2;
    public static final int HEADER_CONTENT_TYPE = 3;
    public static final int HEADER_KID = 4;
    public static final int HEADER_IV = 5;
    public static final int HEADER_X5CHAIN = 33;
    /** Ephemeral key of ECDH-ES recipients. */
    public static final int HEADER_EPHEMERAL_KEY = -1;

    // Algorithms
    public static final int ALG_ES256 = -7;
    public static final int ALG_EDDSA = -8;
    public static final int ALG_ES512 = -36;
    public static final int ALG_A128GCM = 1;
    public static final int ALG_A192GCM = 2;
    public static final int ALG_A256GCM = 3;
    public static final int ALG_DIRECT = -6;
    public static final int ALG_ECDH_ES_HKDF_256 = -25;
    public static final int ALG_ECDH_ES_A128KW = -29;
    public static final int ALG_A128KW = -3;

    // COSE_Key labels and values
    public static final int KEY_KTY = 1;
    public static final int KEY_CRV = -1;
    public static final int KEY_X = -2;
    public static final int KEY_Y = -3;
    public static final int KTY_OKP = 1;
    public static final int KTY_EC2 = 2;
    public static final int CRV_P256 = 1;
    public static final int CRV_X25519 = 4;
    public static final int CRV_ED25519 = 6;

    /** Content key length in bytes of an AES-GCM algorithm; CoseException for anything else. */
    public static int gcmKeyLength(int alg) throws CoseException {
        return switch (alg) {
            case ALG_A128GCM -> 16;
            case ALG_A192GCM -> 24;
            case ALG_A256GCM -> 32;
            default -> throw new CoseException("not an AES-GCM algorithm: " + alg);
        };
    }
}
