package dev.tenantscope.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two collectors in one consumer group split the fleet; when one leaves the other takes its accounts over. */
class OwnershipIT {
    static final Instant NOW = FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(2).plusHours(12));

    @TempDir
    Path dir;

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void twoCollectorsSplitTheFleetAndOneTakesOverWhenTheOtherLeaves() throws Exception {
        try (Fixture f = new Fixture(dir, 40, NOW)) {
            Set<String> active = FaultsIT.active(f, NOW);
            Collector a = Collector.open(f.config("collector-a"), f.clock);
            try (Collector b = Collector.open(f.config("collector-b"), f.clock)) {
                await(
                        "both collectors to hold partitions",
                        () -> !a.ownedPartitions().isEmpty()
                                && !b.ownedPartitions().isEmpty()
                                && a.ownedPartitions().size()
                                                + b.ownedPartitions().size()
                                        == 4);
                // round 1: the instance holding accounts partition 0 discovers; round 2 both collect their share
                sweepBoth(a, b);
                f.sim.meter().reset();
                int runsBefore = f.read(Topics.COLLECTOR_RUNS).size();
                SweepReport[] r = sweepBoth(a, b);
                Set<String> ofA = r[0].statusByAccount().keySet();
                Set<String> ofB = r[1].statusByAccount().keySet();
                System.out.println("split: a=" + ofA.size() + " accounts (partitions " + a.ownedPartitions() + "), b="
                        + ofB.size() + " (partitions " + b.ownedPartitions() + ")");
                assertThat(ofA).isNotEmpty().doesNotContainAnyElementsOf(ofB);
                assertThat(ofB).isNotEmpty();
                Set<String> union = new HashSet<>(ofA);
                union.addAll(ofB);
                assertThat(union).isEqualTo(active);
                List<CollectorRun> runs = f.read(Topics.COLLECTOR_RUNS);
                assertThat(runs.size() - runsBefore)
                        .as("one run per account in the round")
                        .isEqualTo(active.size());
                assertThat(runs.stream()
                                .collect(java.util.stream.Collectors.groupingBy(
                                        run -> run.account().value(), java.util.stream.Collectors.counting())))
                        .as("no account collected twice in a round (two rounds so far)")
                        .allSatisfy((acct, n) -> assertThat(n).isLessThanOrEqualTo(2));
                assertThat(f.sim.meter().snapshot().calls("monitoring", "GetMetricData"))
                        .isEqualTo(active.size());

                a.close();
                await(
                        "b to take over every partition",
                        () -> b.ownedPartitions().size() == 4);
                b.awaitAccounts(Duration.ofSeconds(30));
                SweepReport alone = b.sweepOnce();
                assertThat(alone.statusByAccount().keySet()).isEqualTo(active);
                assertThat(alone.statusByAccount().values()).containsOnly("OK");
            } finally {
                a.close();
            }
        }
    }

    static SweepReport[] sweepBoth(Collector a, Collector b) {
        var fa = CompletableFuture.supplyAsync(a::sweepOnce);
        var fb = CompletableFuture.supplyAsync(b::sweepOnce);
        return new SweepReport[] {fa.join(), fb.join()};
    }
}
