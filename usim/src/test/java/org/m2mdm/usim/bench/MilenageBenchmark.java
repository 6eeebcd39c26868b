package org.m2mdm.usim.bench;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.m2mdm.usim.milenage.Milenage;
import org.m2mdm.usim.milenage.MilenageResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Milenage compute() (f1..f5*, 6 AES blocks) against its primitive, one AES-128 block through the same JDK
 * Cipher ("AES/ECB/NoPadding", doFinal on 16 bytes), in the same JVM and run. The ratio is taken against
 * {@link #aesBlock()}; the chained and five-block variants only explain where the time goes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class MilenageBenchmark {
    // TS 35.207 test set 1
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] k = HEX.parseHex("465b5ce8b199b49faa5f0a2ee238a6bc");
    private final byte[] opc = HEX.parseHex("cd63cb71954a9f4e48a5994e37a02baf");
    private final byte[] rand = HEX.parseHex("23553cbe9637a89d218ae64dae47bf35");
    private final byte[] sqn = HEX.parseHex("ff9bb4d0b607");
    private final byte[] amf = HEX.parseHex("b9b9");
    private final byte[] block = new byte[16];
    private final byte[] out = new byte[16];
    private final byte[] chain = new byte[16];
    private final byte[] five = new byte[80];
    private final byte[] fiveOut = new byte[80];

    private Milenage milenage;
    private Cipher aes;

    @Setup
    public void setUp() throws Exception {
        milenage = Milenage.ofOpc(k, opc);
        aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"));
        System.arraycopy(rand, 0, block, 0, 16);
    }

    @Benchmark
    public MilenageResult milenageCompute() {
        return milenage.compute(rand, sqn, amf);
    }

    @Benchmark
    public byte[] aesBlock() throws Exception {
        aes.doFinal(block, 0, 16, out, 0);
        return out;
    }

    /** Context only: each block depends on the previous one, so AES rounds cannot overlap between calls. */
    @Benchmark
    public byte[] aesBlockChained() throws Exception {
        aes.doFinal(chain, 0, 16, chain, 0);
        return chain;
    }

    /** Context only: five independent blocks in one call, as Milenage encrypts OUT1..OUT5. */
    @Benchmark
    public byte[] aesFiveBlocks() throws Exception {
        aes.doFinal(five, 0, 80, fiveOut, 0);
        return fiveOut;
    }
}
