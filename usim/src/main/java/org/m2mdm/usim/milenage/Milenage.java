package org.m2mdm.usim.milenage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 3GPP Milenage algorithm set (TS 35.206) for one subscriber key K: f1, f1*, f2, f3, f4, f5 and f5*.
 *
 * <p>One instance holds one AES-128 {@link Cipher} keyed with K once, and computes OPc (when built from OP) once
 * at construction; {@link #compute} then costs exactly 6 AES block encryptions (TEMP and OUT1..OUT5).
 *
 * <p><b>Not thread-safe:</b> the cipher and scratch buffers are reused across calls. Use one instance per thread
 * (instances are cheap: one key schedule) or guard it externally.
 */
public final class Milenage {
    /** Length of K, OP, OPc and RAND in bytes. */
    public static final int BLOCK = 16;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Cipher aes;
    private final byte[] opc;
    private final long opcHi;
    private final long opcLo;
    // scratch, reused so that compute() allocates only its results
    private final byte[] in = new byte[5 * BLOCK];
    private final byte[] out = new byte[5 * BLOCK];

    private Milenage(byte[] k, byte[] opOrOpc, boolean isOp) {
        check("K", k, BLOCK);
        check(isOp ? "OP" : "OPc", opOrOpc, BLOCK);
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB/NoPadding is not available in this JVM", e);
        }
        if (isOp) {
            // OPc = OP xor E_K(OP)
            byte[] e = new byte[BLOCK];
            System.arraycopy(opOrOpc, 0, in, 0, BLOCK);
            encrypt(BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                e[i] = (byte) (out[i] ^ opOrOpc[i]);
            }
            opc = e;
        } else {
            opc = opOrOpc.clone();
        }
        opcHi = (long) LONGS.get(opc, 0);
        opcLo = (long) LONGS.get(opc, 8);
    }

    /** Milenage for K and the operator's OP; OPc is derived once here. */
    public static Milenage ofOp(byte[] k, byte[] op) {
        return new Milenage(k, op, true);
    }

    /** Milenage for K and a precomputed OPc. */
    public static Milenage ofOpc(byte[] k, byte[] opc) {
        return new Milenage(k, opc, false);
    }

    /** OPc (a copy): E_K(OP) xor OP, or the OPc given. */
    public byte[] opc() {
        return opc.clone();
    }

    /**
     * Runs f1, f1*, f2, f3, f4, f5 and f5* for a 16-byte RAND, a 6-byte SQN and a 2-byte AMF.
     *
     * @throws IllegalArgumentException if an input is null or has the wrong length
     */
    public MilenageResult compute(byte[] rand, byte[] sqn, byte[] amf) {
        check("RAND", rand, BLOCK);
        check("SQN", sqn, 6);
        check("AMF", amf, 2);
        temp(rand);
        long tHi = (long) LONGS.get(out, 0);
        long tLo = (long) LONGS.get(out, 8);

        // Block 1: TEMP xor rot(IN1 xor OPc, r1 = 64) xor c1 (c1 = 0), IN1 = SQN||AMF||SQN||AMF.
        // IN1 has equal halves, so the 64-bit rotation only swaps the OPc halves.
        long in1 = ((long) (sqn[0] & 0xFF) << 56) | ((long) (sqn[1] & 0xFF) << 48) | ((long) (sqn[2] & 0xFF) << 40)
                | ((long) (sqn[3] & 0xFF) << 32) | ((long) (sqn[4] & 0xFF) << 24) | ((sqn[5] & 0xFF) << 16)
                | ((amf[0] & 0xFF) << 8) | (amf[1] & 0xFF);
        LONGS.set(in, 0, tHi ^ in1 ^ opcLo);
        LONGS.set(in, 8, tLo ^ in1 ^ opcHi);
        // Blocks 2..5: rot(TEMP xor OPc, r) xor c for (r, c) = (0, 1), (32, 2), (64, 4), (96, 8)
        long xHi = tHi ^ opcHi;
        long xLo = tLo ^ opcLo;
        long r32Hi = (xHi << 32) | (xLo >>> 32);
        long r32Lo = (xLo << 32) | (xHi >>> 32);
        LONGS.set(in, 16, xHi);
        LONGS.set(in, 24, xLo ^ 1);
        LONGS.set(in, 32, r32Hi);
        LONGS.set(in, 40, r32Lo ^ 2);
        LONGS.set(in, 48, xLo);
        LONGS.set(in, 56, xHi ^ 4);
        LONGS.set(in, 64, r32Lo);
        LONGS.set(in, 72, r32Hi ^ 8);
        // the five blocks are independent: one cipher call lets the AES rounds of each overlap
        encrypt(5 * BLOCK);

        byte[] macA = new byte[8];
        byte[] macS = new byte[8];
        byte[] res = new byte[8];
        byte[] ck = new byte[16];
        byte[] ik = new byte[16];
        LONGS.set(macA, 0, (long) LONGS.get(out, 0) ^ opcHi);
        LONGS.set(macS, 0, (long) LONGS.get(out, 8) ^ opcLo);
        byte[] ak = sixBytes((long) LONGS.get(out, 16) ^ opcHi);
        LONGS.set(res, 0, (long) LONGS.get(out, 24) ^ opcLo);
        LONGS.set(ck, 0, (long) LONGS.get(out, 32) ^ opcHi);
        LONGS.set(ck, 8, (long) LONGS.get(out, 40) ^ opcLo);
        LONGS.set(ik, 0, (long) LONGS.get(out, 48) ^ opcHi);
        LONGS.set(ik, 8, (long) LONGS.get(out, 56) ^ opcLo);
        byte[] akStar = sixBytes((long) LONGS.get(out, 64) ^ opcHi);
        return new MilenageResult(macA, macS, res, ck, ik, ak, akStar);
    }

    /** f5 only: the anonymity key AK for RAND (2 AES blocks); the terminal needs it to unmask SQN. */
    public byte[] ak(byte[] rand) {
        check("RAND", rand, BLOCK);
        temp(rand);
        long xHi = (long) LONGS.get(out, 0) ^ opcHi;
        long xLo = (long) LONGS.get(out, 8) ^ opcLo;
        LONGS.set(in, 0, xHi);
        LONGS.set(in, 8, xLo ^ 1);
        encrypt(BLOCK);
        return sixBytes((long) LONGS.get(out, 0) ^ opcHi);
    }

    /** f5* only: the re-synchronisation anonymity key AK* for RAND (2 AES blocks). */
    public byte[] akStar(byte[] rand) {
        check("RAND", rand, BLOCK);
        temp(rand);
        long xHi = (long) LONGS.get(out, 0) ^ opcHi;
        long xLo = (long) LONGS.get(out, 8) ^ opcLo;
        LONGS.set(in, 0, (xLo << 32) | (xHi >>> 32));
        LONGS.set(in, 8, ((xHi << 32) | (xLo >>> 32)) ^ 8);
        encrypt(BLOCK);
        return sixBytes((long) LONGS.get(out, 0) ^ opcHi);
    }

    /** TEMP = E_K(RAND xor OPc), left in out[0..15]. */
    private void temp(byte[] rand) {
        LONGS.set(in, 0, (long) LONGS.get(rand, 0) ^ opcHi);
        LONGS.set(in, 8, (long) LONGS.get(rand, 8) ^ opcLo);
        encrypt(BLOCK);
    }

    private static byte[] sixBytes(long v) {
        return new byte[] {(byte) (v >>> 56), (byte) (v >>> 48), (byte) (v >>> 40), (byte) (v >>> 32),
            (byte) (v >>> 24), (byte) (v >>> 16)};
    }

    /** Encrypts in[0..length) into out[0..length), whole blocks, ECB. */
    private void encrypt(int length) {
        try {
            aes.doFinal(in, 0, length, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES block encryption failed", e);
        }
    }

    private static void check(String name, byte[] value, int length) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (value.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got " + value.length);
        }
    }

    @Override
    public String toString() {
        return "Milenage[redacted]";
    }
}
