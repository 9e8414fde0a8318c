package dev.tenantscope.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Runs one benchmark by name and prints its figures as the one closing JSON line. */
public final class BenchmarkRunner {
    private final List<Benchmark> benchmarks;

    public BenchmarkRunner(List<Benchmark> benchmarks) {
        this.benchmarks = List.copyOf(benchmarks);
    }

    public List<Benchmark> benchmarks() {
        return benchmarks;
    }

    public Optional<Benchmark> find(String name) {
        return benchmarks.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /**
     * Parses {@code --key value} pairs (and bare {@code --flag} as "true").
     *
     * @throws IllegalArgumentException naming the first argument that is not an option
     */
    public static Map<String, String> parseOptions(List<String> args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException(
                        "benchmark option '" + arg + "': expected --name value, e.g. --accounts 10000");
            }
            String key = arg.substring(2);
            int eq = key.indexOf('=');
            if (eq > 0) {
                options.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                options.put(key, args.get(++i));
            } else {
                options.put(key, "true");
            }
        }
        return options;
    }

    /** Runs the benchmark; the last line printed is the JSON of its figures. */
    public Map<String, Number> run(Benchmark benchmark, Map<String, String> options, PrintStream out) throws Exception {
        out.println("== benchmark " + benchmark.name() + ": " + benchmark.description());
        out.println("   options " + options);
        Map<String, Number> figures = benchmark.run(options, out);
        out.println(toJson(figures));
        out.flush();
        return figures;
    }

    static String toJson(Map<String, Number> figures) {
        return figures.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": " + number(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String number(Number n) {
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("benchmark figure is not a finite number: " + n);
        }
        if (n instanceof Integer || n instanceof Long) {
            return n.toString();
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
