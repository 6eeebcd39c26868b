package org.m2mdm.usim.synthetic;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.m2mdm.usim.Algorithm;
import org.m2mdm.usim.Amf;
import org.m2mdm.usim.Iccid;
import org.m2mdm.usim.Imsi;
import org.m2mdm.usim.K;
import org.m2mdm.usim.Opc;
import org.m2mdm.usim.Plmn;
import org.m2mdm.usim.UsimCredentials;

/**
 * Synthetic USIM credentials f(Ku) = {IMSI, ICCID, K, OPc} (TR 33.812 Alternative 2, §5.2.2.5.3): a public,
 * one-way derivation, so the terminal and any operator given Ku compute the same subscriber.
 *
 * <p>With HKDF-SHA-256 (RFC 5869), salt = ASCII "m2m-dm f(Ku) v1", IKM = the 16 raw bytes of Ku, and
 * OKM(label) = HKDF(salt, Ku, info = ASCII label, 16 bytes):
 * <ul>
 *   <li>K = OKM("k"); OPc = OKM("opc") (OPc directly; there is no OP);</li>
 *   <li>MSIN = OKM("imsi") read as an unsigned big-endian integer, mod 10^n, zero-padded to n = 15 - 3 - MNC length
 *       digits; IMSI = MCC ‖ MNC ‖ MSIN (15 digits);</li>
 *   <li>ICCID = "89" ‖ MCC ‖ MNC ‖ (OKM("iccid") mod 10^m, zero-padded to m = 13 - MNC length digits) ‖ Luhn
 *       digit (19 digits);</li>
 *   <li>algorithm Milenage, AMF 8000 (separation bit set).</li>
 * </ul>
 * See usim/README.md for a worked example.
 */
public final class SyntheticCredentials {
    /** The HKDF salt, fixed for version 1 of this derivation. */
    public static final String SALT = "m2m-dm f(Ku) v1";
    /** The AMF given to synthetic credentials. */
    public static final Amf AMF = Amf.SEPARATION_BIT;

    private SyntheticCredentials() {
    }

    /** f(Ku) with the IMSI (and ICCID) inside the registration operator's MCC/MNC. */
    public static UsimCredentials derive(Ku ku, Plmn registrationOperator) {
        if (ku == null) {
            throw new IllegalArgumentException("Ku must not be null");
        }
        if (registrationOperator == null) {
            throw new IllegalArgumentException("registration operator PLMN must not be null");
        }
        byte[] ikm = ku.bytes();
        String plmn = registrationOperator.digits();
        String msin = decimal(okm(ikm, "imsi"), 15 - plmn.length());
        Imsi imsi = Imsi.of(plmn + msin, registrationOperator.mnc().length());
        Iccid iccid = Iccid.withCheckDigit("89" + plmn + decimal(okm(ikm, "iccid"), 16 - plmn.length()));
        return new UsimCredentials(imsi, iccid, K.of(okm(ikm, "k")), Opc.of(okm(ikm, "opc")), Algorithm.MILENAGE,
                AMF);
    }

    static byte[] okm(byte[] ikm, String label) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, SALT.getBytes(StandardCharsets.US_ASCII),
                label.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[16];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    /** The OKM as an unsigned integer mod 10^digits, zero-padded; the bias of 2^128 mod 10^digits is negligible. */
    static String decimal(byte[] okm, int digits) {
        String s = new BigInteger(1, okm).mod(BigInteger.TEN.pow(digits)).toString();
        return "0".repeat(digits - s.length()) + s;
    }
}
