package dev.tenantscope.bench;

import java.util.List;

/** Every benchmark {@code ./tenantscope bench} knows. */
public final class Benchmarks {
    private Benchmarks() {}

    public static List<Benchmark> all() {
        return List.of(
                new JsonLineSelfCheck(),
                new FleetSimBenchmark(),
                new CollectorSweepBenchmark(),
                new TopologyBenchmark(),
                new QueryBenchmark(),
                new AlertsBenchmark());
    }
}
