package dev.tenantscope.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark harness measuring itself: JSON encoding of figures against a plain string concatenation baseline.
 * Useful to check the launcher's bench path end to end on a fresh machine in a second.
 */
final class JsonLineSelfCheck implements Benchmark {
    @Override
    public String name() {
        return "harness";
    }

    @Override
    public String description() {
        return "the harness itself: figure encoding rate vs a string-concatenation baseline";
    }

    @Override
    public Map<String, Number> run(Map<String, String> options, PrintStream out) {
        int n = Integer.parseInt(options.getOrDefault("iterations", "200000"));
        Map<String, Number> sample = Map.of("a_ms", 1.5, "b_per_s", 100000L);
        long sink = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += BenchmarkRunner.toJson(sample).length();
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += ("{\"a_ms\": " + i + ", \"b_per_s\": " + i + "}").length();
        }
        long t2 = System.nanoTime();
        double encodePerS = n / ((t1 - t0) / 1e9);
        double baselinePerS = n / ((t2 - t1) / 1e9);
        out.printf(
                "   encoded %,d figure maps at %,.0f/s; baseline %,.0f/s (checksum %d)%n",
                n, encodePerS, baselinePerS, sink);
        Map<String, Number> figures = new LinkedHashMap<>();
        figures.put("encode_per_s", Math.round(encodePerS));
        figures.put("baseline_per_s", Math.round(baselinePerS));
        figures.put("ratio", Math.round(encodePerS / baselinePerS * 1000) / 1000.0);
        return figures;
    }
}
