package dev.tenantscope.bench;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code ./tenantscope bench [<name> [--option value …]]}: the launcher runs this on the bench module's own
 * classpath, so no production role (the Docker image, {@code ./tenantscope collector} …) carries benchmark code.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) {
        BenchmarkRunner runner = new BenchmarkRunner(Benchmarks.all());
        if (args.isEmpty()
                || args.getFirst().equals("--help")
                || args.getFirst().equals("-h")) {
            System.out.println("usage: ./tenantscope bench <name> [--option value ...]; the last line printed is JSON");
            runner.benchmarks().forEach(b -> System.out.printf("  %-18s %s%n", b.name(), b.description()));
            return 0;
        }
        String name = args.getFirst();
        Benchmark benchmark = runner.find(name).orElse(null);
        if (benchmark == null) {
            System.err.println("tenantscope bench: unknown benchmark '" + name + "'; known: "
                    + runner.benchmarks().stream().map(Benchmark::name).collect(Collectors.joining(", ")));
            return 2;
        }
        try {
            runner.run(benchmark, BenchmarkRunner.parseOptions(args.subList(1, args.size())), System.out);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("tenantscope bench " + name + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("tenantscope bench " + name + ": " + e);
            if (System.getenv("TENANTSCOPE_DEBUG") != null) {
                e.printStackTrace();
            } else {
                System.err.println("  (set TENANTSCOPE_DEBUG=1 for the stack trace; args "
                        + Arrays.toString(args.toArray()) + ")");
            }
            return 1;
        }
    }
}
