package org.m2mdm.envelope.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the JMH benchmarks (same arguments as org.openjdk.jmh.Main) and prints product/primitive ratios;
 * then measures the same pairs interleaved (product and primitive back to back in short rounds, median of
 * the per-round ratios), which stays meaningful when the shared machine's load swings between JMH's
 * sequential benchmarks. With the single argument {@code interleaved} only the second part runs.
 */
public final class EnvelopeBenchmarkMain {

    private static final String[][] PAIRS = {
        {"sealP256", "primitiveSealP256"},
        {"openP256", "primitiveOpenP256"},
        {"sealEd25519", "primitiveSealEd25519"},
        {"openEd25519", "primitiveOpenEd25519"},
        {"jdkPrimitiveSealP256", "primitiveSealP256"},
    };

    private EnvelopeBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        if (!(args.length == 1 && args[0].equals("interleaved"))) {
            Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
            Map<String, Double> score = new HashMap<>();
            for (RunResult result : results) {
                String label = result.getParams().getBenchmark();
                score.put(label.substring(label.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
            }
            System.out.println();
            System.out.println("== JMH: envelope operations vs their raw primitives (same run, ops/s) ==");
            for (String[] pair : PAIRS) {
                Double a = score.get(pair[0]);
                Double b = score.get(pair[1]);
                if (a != null && b != null) {
                    System.out.printf("%-22s %9.0f ops/s = %.2f x %-22s %9.0f ops/s%n", pair[0], a, a / b, pair[1], b);
                }
            }
        }
        interleaved();
    }

    private interface Operation {
        Object run() throws Exception;
    }

    private static void interleaved() throws Exception {
        EnvelopeBenchmark bench = new EnvelopeBenchmark();
        bench.setUp();
        Map<String, Operation> operations = Map.of(
                "sealP256", bench::sealP256, "primitiveSealP256", bench::primitiveSealP256,
                "openP256", bench::openP256, "primitiveOpenP256", bench::primitiveOpenP256,
                "sealEd25519", bench::sealEd25519, "primitiveSealEd25519", bench::primitiveSealEd25519,
                "openEd25519", bench::openEd25519, "primitiveOpenEd25519", bench::primitiveOpenEd25519,
                "jdkPrimitiveSealP256", bench::jdkPrimitiveSealP256);
        int rounds = 25;
        int warmupRounds = 5;
        int perRound = 100;
        Map<String, List<Double>> ratios = new HashMap<>();
        Map<String, List<Double>> rates = new HashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String[] pair : PAIRS) {
                double product = rate(operations.get(pair[0]), perRound);
                double primitive = rate(operations.get(pair[1]), perRound);
                if (round >= warmupRounds) {
                    ratios.computeIfAbsent(pair[0] + "/" + pair[1], k -> new ArrayList<>()).add(product / primitive);
                    rates.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(product);
                    rates.computeIfAbsent(pair[1], k -> new ArrayList<>()).add(primitive);
                }
            }
        }
        System.out.println();
        System.out.printf("== interleaved: %d rounds of %d operations each, median of per-round ratios ==%n",
                rounds - warmupRounds, perRound);
        for (String[] pair : PAIRS) {
            System.out.printf("%-22s %9.0f ops/s = %.2f x %-22s %9.0f ops/s%n", pair[0], median(rates.get(pair[0])),
                    median(ratios.get(pair[0] + "/" + pair[1])), pair[1], median(rates.get(pair[1])));
        }
    }

    private static double rate(Operation operation, int count) throws Exception {
        Object sink = null;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sink = operation.run();
        }
        long elapsed = System.nanoTime() - start;
        if (sink == null) {
            throw new IllegalStateException("benchmark returned nothing");
        }
        return count / (elapsed / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
