package dev.tenantscope.app;

import dev.tenantscope.bench.Benchmark;
import dev.tenantscope.bench.BenchmarkRunner;
import dev.tenantscope.bench.Benchmarks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

@Command(
        name = "bench",
        description = "Run one benchmark: bench <name> [--option value ...]; the last line printed is JSON.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", description = "benchmark name; omit to list them")
    String name;

    /** Everything after the name belongs to the benchmark ({@code --accounts 10000} …), not to picocli. */
    @Unmatched
    List<String> options = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        BenchmarkRunner runner = new BenchmarkRunner(Benchmarks.all());
        if (name == null) {
            runner.benchmarks().forEach(b -> System.out.printf("  %-18s %s%n", b.name(), b.description()));
            return 0;
        }
        Benchmark benchmark = runner.find(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown benchmark '" + name + "'; known: "
                        + runner.benchmarks().stream().map(Benchmark::name).collect(Collectors.joining(", "))));
        runner.run(benchmark, BenchmarkRunner.parseOptions(options), System.out);
        return 0;
    }
}
