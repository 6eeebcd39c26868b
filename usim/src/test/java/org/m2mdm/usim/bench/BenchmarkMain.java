package org.m2mdm.usim.bench;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with the usual command-line options (like org.openjdk.jmh.Main), then prints the Milenage compute
 * rate as a ratio of the raw AES block rate measured in the same run.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        double milenage = score(results, "milenageCompute");
        double aes = score(results, "aesBlock");
        if (milenage > 0 && aes > 0) {
            System.out.printf("%nMilenage compute = %.0f ops/s, raw AES-128 block (doFinal, 16 bytes) = %.0f ops/s%n",
                    milenage, aes);
            System.out.printf("Milenage compute = %.3f x raw AES block rate (1/%.2f; target >= 1/8 = 0.125)%n",
                    milenage / aes, aes / milenage);
            System.out.printf("Measured %s on %s, %d CPUs, %s %s%n", Instant.now(),
                    InetAddress.getLocalHost().getHostName(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"));
        }
    }

    private static double score(Collection<RunResult> results, String method) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                .mapToDouble(r -> r.getPrimaryResult().getScore())
                .findFirst().orElse(-1);
    }
}
