package dev.tenantscope.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.GroundTruth;
import dev.tenantscope.fleetsim.MeterSnapshot;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regions found per account, the way AWS tells them: fleet-sim accounts run workload in one to three regions,
 * some of them opt-in regions that refuse every other account (ListRegions and ListMetrics with the real SDK). The
 * collector runs on its defaults: {@code aws.regions} is us-east-1 only, and nothing names the other regions.
 */
class RegionsIT {
    static final Instant NOW = SignalsIT.NOW;
    static final FleetSpec FLEET = FleetSpec.defaults().withAccounts(12).withMultiRegionFraction(1);
    static final Set<String> OPT_IN = Set.of("eu-south-1", "ap-east-1", "me-south-1", "af-south-1");

    @TempDir
    Path dir;

    @Test
    void eachAccountIsCollectedInEveryRegionItRunsWorkloadInAndNoOther() {
        try (Fixture f = new Fixture(dir, FLEET, NOW);
                Collector c = Collector.open(f.config("regions"), f.clock)) {
            GroundTruth truth = f.sim.truth();
            Set<String> active = FaultsIT.active(f, NOW);
            assertThat(active)
                    .as("the fleet has accounts in three regions, and in an opt-in one")
                    .anyMatch(a -> truth.regions(AccountId.of(a)).size() == 3)
                    .anyMatch(a -> truth.regions(AccountId.of(a)).stream().anyMatch(OPT_IN::contains));
            c.sweepOnce();

            Map<String, Set<String>> covered = new TreeMap<>();
            for (CollectorRun run : f.read(Topics.COLLECTOR_RUNS)) {
                run.coverage()
                        .forEach(cv -> covered.computeIfAbsent(run.account().value(), k -> new TreeSet<>())
                                .add(cv.region()));
            }
            for (String a : active) {
                assertThat(covered.get(a))
                        .as("regions collected in %s", a)
                        .containsExactlyInAnyOrderElementsOf(truth.regions(AccountId.of(a)));
            }
            // every datapoint is the one of its own region, as GetMetricData answered it at NOW
            List<MetricSample> invocations = f.read(Topics.RAW_METRICS).stream()
                    .filter(s ->
                            s.metric().equals("Invocations") && s.statistic().equals("Sum"))
                    .toList();
            assertThat(invocations).extracting(MetricSample::region).contains("eu-west-1");
            assertThat(invocations)
                    .allSatisfy(s -> assertThat(s.value())
                            .as("%s %s %s", s.account(), s.region(), s.timestamp())
                            .isCloseTo(
                                    truth.metric(
                                                    s.account(),
                                                    s.region(),
                                                    "AWS/Lambda",
                                                    "Invocations",
                                                    "Sum",
                                                    s.periodSeconds(),
                                                    s.timestamp(),
                                                    NOW)
                                            .orElseThrow(),
                                    within(1e-9)));
            // an opt-in region an account has not enabled was never called: it would have answered 403
            MeterSnapshot meter = f.sim.meter().snapshot();
            assertThat(meter.entries())
                    .filteredOn(
                            e -> Set.of("monitoring", "logs", "servicequotas").contains(e.service()))
                    .allSatisfy(e -> assertThat(e.errors())
                            .as("%s %s:%s", e.account(), e.service(), e.operation())
                            .isZero());
            long listRegions = meter.calls("account", "ListRegions");
            long listMetrics = meter.calls("monitoring", "ListMetrics");
            assertThat(listRegions).isEqualTo(active.size());
            System.out.println("region discovery of " + active.size() + " accounts: " + listRegions + " ListRegions, "
                    + listMetrics + " ListMetrics");

            // found once per regions.refresh (24h): the next runs reuse them
            f.clock.set(NOW.plus(Duration.ofHours(1)));
            c.sweepOnce();
            MeterSnapshot later = f.sim.meter().snapshot();
            assertThat(later.calls("account", "ListRegions")).isEqualTo(listRegions);
            assertThat(later.calls("monitoring", "ListMetrics")).isEqualTo(listMetrics);
        }
    }

    @Test
    void whereListRegionsFailsTheRegistrationsRegionsAreCollectedTheRunSaysWhyAndTheNextRunAsksAgain() {
        try (Fixture f = new Fixture(dir, FLEET, NOW);
                Collector c = Collector.open(f.config("no-list-regions"), f.clock)) {
            f.sim.faults().set(dev.tenantscope.fleetsim.FaultConfig.none().withServerErrors("account:ListRegions", 1));
            Set<String> active = FaultsIT.active(f, NOW);
            SweepReport r = c.sweepOnce();
            assertThat(r.statusByAccount()).hasSize(active.size());
            assertThat(r.statusByAccount().values())
                    .as("one failing API makes the run PARTIAL, not FAILED")
                    .containsOnly("PARTIAL");
            assertThat(r.reasonByAccount().values())
                    .allSatisfy(reason -> assertThat(reason).contains("ListRegions"));
            assertThat(f.read(Topics.COLLECTOR_RUNS))
                    .allSatisfy(run -> assertThat(run.coverage())
                            .as("aws.regions, the registration's regions")
                            .isNotEmpty()
                            .extracting(cv -> cv.region())
                            .containsOnly("us-east-1"));
            long tried = f.sim.meter().snapshot().calls("account", "ListRegions");
            assertThat(tried).as("each account tried (with retries)").isGreaterThanOrEqualTo(active.size());

            // a server error is not a refusal: the next runs ask again, and find every region
            f.sim.faults().set(dev.tenantscope.fleetsim.FaultConfig.none());
            f.clock.set(NOW.plus(Duration.ofHours(1)));
            SweepReport next = c.sweepOnce();
            assertThat(next.statusByAccount().values()).containsOnly("OK");
            assertThat(f.sim.meter().snapshot().calls("account", "ListRegions")).isEqualTo(tried + active.size());
            Map<String, Set<String>> covered = new TreeMap<>();
            // the first runs covered us-east-1 only: every other region comes from the runs after
            for (CollectorRun run : f.read(Topics.COLLECTOR_RUNS)) {
                run.coverage()
                        .forEach(cv -> covered.computeIfAbsent(run.account().value(), k -> new TreeSet<>())
                                .add(cv.region()));
            }
            GroundTruth truth = f.sim.truth();
            for (String a : active) {
                assertThat(covered.get(a))
                        .as("regions collected in %s once ListRegions answers", a)
                        .containsExactlyInAnyOrderElementsOf(truth.regions(AccountId.of(a)));
            }
        }
    }

    @Test
    void theAllowListIsTheOnlyRegionsEverCollected() {
        try (Fixture f = new Fixture(dir, FLEET, NOW)) {
            CollectorConfig config = f.config("allow");
            config = config.withRegions(new CollectorConfig.Regions(
                    true, List.of("eu-west-1"), config.regions().refresh()));
            try (Collector c = Collector.open(config, f.clock)) {
                c.sweepOnce();
                List<CollectorRun> runs = f.read(Topics.COLLECTOR_RUNS);
                assertThat(runs)
                        .isNotEmpty()
                        .allSatisfy(run -> assertThat(run.coverage())
                                .extracting(cv -> cv.region())
                                .containsOnly("eu-west-1"));
                assertThat(f.read(Topics.RAW_METRICS))
                        .extracting(MetricSample::region)
                        .containsOnly("eu-west-1");
            }
        }
    }
}
