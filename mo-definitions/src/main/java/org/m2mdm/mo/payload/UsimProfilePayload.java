package org.m2mdm.mo.payload;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import com.upokecenter.cbor.CBORObject;

/**
 * The plaintext of an envelope of type {@code usim-profile}: one complete USIM credential set plus
 * the attributes the terminal needs to use it. It carries K and OPc in clear, so it must only ever
 * exist inside an envelope, in the terminal's profile store or at the sealing step;
 * {@link #toString()} never prints them and {@link #k()}/{@link #opc()} return copies.
 * <p>
 * Wire format (version 1): a canonical CBOR map with text keys
 * <pre>
 * { "v": 1, "imsi": tstr (6-15 digits), "mncLength": 2|3, "iccid": tstr (18-20 digits),
 *   "k": bstr .size 16, "opc": bstr .size 16, "algorithm": "MILENAGE", "amf": bstr .size 2,
 *   "plmn": tstr "MCC-MNC", ? "operatorName": tstr, "fallback": bool, ? "profileName": tstr }
 * </pre>
 * The IMSI must begin with the MCC and MNC of {@code plmn}, and {@code mncLength} must equal the
 * MNC's length. Unknown keys, duplicate keys and other versions are rejected.
 */
public record UsimProfilePayload(String imsi, int mncLength, String iccid, byte[] k, byte[] opc, String algorithm,
        byte[] amf, String operatorPlmn, String operatorName, boolean fallback, String profileName) {

    /** The format version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final Set<String> KEYS = Set.of("v", "imsi", "mncLength", "iccid", "k", "opc", "algorithm", "amf",
            "plmn", "operatorName", "fallback", "profileName");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern PLMN = Pattern.compile("([0-9]{3})-([0-9]{2,3})");
    private static final Pattern ALGORITHM = Pattern.compile("[A-Z0-9_]{1,16}");

    /** Validates every field (see the class comment) and copies the arrays. */
    public UsimProfilePayload {
        if (imsi == null || !DIGITS.matcher(imsi).matches() || imsi.length() < 6 || imsi.length() > 15) {
            throw new PayloadFormatException("usim-profile field 'imsi' must be 6-15 decimal digits");
        }
        if (mncLength != 2 && mncLength != 3) {
            throw new PayloadFormatException("usim-profile field 'mncLength' must be 2 or 3, was " + mncLength);
        }
        if (iccid == null || !DIGITS.matcher(iccid).matches() || iccid.length() < 18 || iccid.length() > 20) {
            throw new PayloadFormatException("usim-profile field 'iccid' must be 18-20 decimal digits");
        }
        if (k == null || k.length != 16) {
            throw new PayloadFormatException("usim-profile field 'k' must be 16 bytes");
        }
        if (opc == null || opc.length != 16) {
            throw new PayloadFormatException("usim-profile field 'opc' must be 16 bytes");
        }
        if (algorithm == null || !ALGORITHM.matcher(algorithm).matches()) {
            throw new PayloadFormatException("usim-profile field 'algorithm' must be an upper-case name like MILENAGE");
        }
        if (amf == null || amf.length != 2) {
            throw new PayloadFormatException("usim-profile field 'amf' must be 2 bytes");
        }
        var m = operatorPlmn == null ? null : PLMN.matcher(operatorPlmn);
        if (m == null || !m.matches()) {
            throw new PayloadFormatException("usim-profile field 'plmn' must be MCC-MNC, e.g. 001-01");
        }
        if (m.group(2).length() != mncLength) {
            throw new PayloadFormatException("usim-profile field 'mncLength' (" + mncLength
                    + ") does not match the MNC of 'plmn' " + operatorPlmn);
        }
        if (!imsi.startsWith(m.group(1) + m.group(2))) {
            throw new PayloadFormatException("usim-profile IMSI is not inside the operator PLMN " + operatorPlmn);
        }
        operatorName = operatorName == null ? "" : operatorName;
        profileName = profileName == null ? "" : profileName;
        k = k.clone();
        opc = opc.clone();
        amf = amf.clone();
    }

    /** A copy of K. */
    @Override
    public byte[] k() {
        return k.clone();
    }

    /** A copy of OPc. */
    @Override
    public byte[] opc() {
        return opc.clone();
    }

    /** A copy of the AMF (2 bytes). */
    @Override
    public byte[] amf() {
        return amf.clone();
    }

    /** The MCC, from {@link #operatorPlmn()}. */
    public String mcc() {
        return operatorPlmn.substring(0, 3);
    }

    /** The MNC, from {@link #operatorPlmn()}. */
    public String mnc() {
        return operatorPlmn.substring(4);
    }

    /** Canonical CBOR encoding (see the class comment). */
    public byte[] encode() {
        CBORObject o = CBORObject.NewMap();
        o.Add("v", FORMAT_VERSION);
        o.Add("imsi", imsi);
        o.Add("mncLength", mncLength);
        o.Add("iccid", iccid);
        o.Add("k", k);
        o.Add("opc", opc);
        o.Add("algorithm", algorithm);
        o.Add("amf", amf);
        o.Add("plmn", operatorPlmn);
        if (!operatorName.isEmpty()) {
            o.Add("operatorName", operatorName);
        }
        o.Add("fallback", fallback);
        if (!profileName.isEmpty()) {
            o.Add("profileName", profileName);
        }
        return o.EncodeToBytes(Cbor.CANONICAL);
    }

    /**
     * Parses and validates a payload.
     *
     * @throws PayloadFormatException naming the first problem found
     */
    public static UsimProfilePayload decode(byte[] bytes) {
        Cbor c = Cbor.read("usim-profile", bytes, FORMAT_VERSION, KEYS);
        return new UsimProfilePayload(c.text("imsi"), c.integer("mncLength"), c.text("iccid"), c.bytes("k"),
                c.bytes("opc"), c.text("algorithm"), c.bytes("amf"), c.text("plmn"), c.optionalText("operatorName", ""),
                c.bool("fallback"), c.optionalText("profileName", ""));
    }

    /** A builder for the many fields; AMF defaults to 8000, algorithm to MILENAGE. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UsimProfilePayload p && imsi.equals(p.imsi) && mncLength == p.mncLength
                && iccid.equals(p.iccid) && Arrays.equals(k, p.k) && Arrays.equals(opc, p.opc)
                && algorithm.equals(p.algorithm) && Arrays.equals(amf, p.amf) && operatorPlmn.equals(p.operatorPlmn)
                && operatorName.equals(p.operatorName) && fallback == p.fallback && profileName.equals(p.profileName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(imsi, iccid, operatorPlmn);
    }

    /** Identities and attributes only; K and OPc are never printed. */
    @Override
    public String toString() {
        return "UsimProfilePayload[imsi=" + imsi + ", iccid=" + iccid + ", plmn=" + operatorPlmn + ", operator="
                + operatorName + ", algorithm=" + algorithm + ", fallback=" + fallback + ", k=[redacted], opc=[redacted]]";
    }

    /** Builder of {@link UsimProfilePayload}. */
    public static final class Builder {
        private String imsi;
        private int mncLength = 2;
        private String iccid;
        private byte[] k;
        private byte[] opc;
        private String algorithm = "MILENAGE";
        private byte[] amf = { (byte) 0x80, 0x00 };
        private String plmn;
        private String operatorName = "";
        private boolean fallback;
        private String profileName = "";

        private Builder() {
        }

        public Builder imsi(String imsi, int mncLength) {
            this.imsi = imsi;
            this.mncLength = mncLength;
            return this;
        }

        public Builder iccid(String iccid) {
            this.iccid = iccid;
            return this;
        }

        public Builder k(byte[] k) {
            this.k = k == null ? null : k.clone();
            return this;
        }

        public Builder opc(byte[] opc) {
            this.opc = opc == null ? null : opc.clone();
            return this;
        }

        public Builder algorithm(String algorithm) {
            this.algorithm = algorithm == null ? null : algorithm.toUpperCase(Locale.ROOT);
            return this;
        }

        public Builder amf(byte[] amf) {
            this.amf = amf == null ? null : amf.clone();
            return this;
        }

        /** The operator PLMN as MCC-MNC, e.g. {@code 001-01}. */
        public Builder operatorPlmn(String plmn) {
            this.plmn = plmn;
            return this;
        }

        public Builder operatorName(String name) {
            this.operatorName = name;
            return this;
        }

        public Builder fallback(boolean fallback) {
            this.fallback = fallback;
            return this;
        }

        public Builder profileName(String name) {
            this.profileName = name;
            return this;
        }

        /** @throws PayloadFormatException if a field is missing or invalid */
        public UsimProfilePayload build() {
            return new UsimProfilePayload(imsi, mncLength, iccid, k, opc, algorithm, amf, plmn, operatorName, fallback,
                    profileName);
        }
    }
}
