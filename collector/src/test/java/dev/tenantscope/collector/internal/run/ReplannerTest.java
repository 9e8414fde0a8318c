package dev.tenantscope.collector.internal.run;

import static dev.tenantscope.collector.internal.run.Runs.account;
import static dev.tenantscope.collector.internal.run.Runs.outcome;
import static dev.tenantscope.collector.internal.run.Runs.run;
import static dev.tenantscope.collector.internal.run.Runs.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.Pricer;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Costs;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Mix;
import dev.tenantscope.model.events.RunStatus;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReplannerTest {
    static final CollectorConfig CONFIG = CollectorConfig.defaults();
    static final Pricer PRICER = new Pricer(CONFIG.prices());
    static final double PER_METRIC = PRICER.perCall(Apis.GET_METRIC_DATA, 1).doubleValue();
    static final Mix MIX = new Mix(0.1, 0.6);
    final Replanner replanner = new Replanner(CONFIG, PRICER);

    @Nested
    class BeforeAnyRun {
        @Test
        void theEstimateIsEveryConfiguredMetricInEveryRegion() {
            Costs c = replanner.costs();
            int regions = CONFIG.aws().regions().size();
            assertThat(c.alertUsd())
                    .isCloseTo(regions * CONFIG.metrics().alert().size() * PER_METRIC, within(1e-12));
            assertThat(c.standardUsd())
                    .isCloseTo(regions * CONFIG.metrics().standard().size() * PER_METRIC, within(1e-12));
        }

        @Test
        void everyAccountIsPlannedAsActive() {
            assertThat(replanner.plan())
                    .isEqualTo(BudgetPlanner.plan(CONFIG.schedule(), replanner.costs(), new Mix(0, 1), 0));
        }
    }

    @Nested
    class FromMeasuredRuns {
        @Test
        void metricsArePricedByClassAndOtherCallsCountAsAlertSpend() {
            var first = outcome(
                    run(
                            account(1),
                            RunStatus.OK,
                            10,
                            0,
                            "",
                            List.of(
                                    usage("monitoring", "GetMetricData", 1, 30, "0.0003"),
                                    usage("logs", "GetQueryResults", 2, 0, "0.004"))),
                    5,
                    10,
                    20);
            var second = outcome(
                    run(account(2), RunStatus.PARTIAL, 10, 0, "", List.of(usage("logs", "StartQuery", 1, 1, "0.002"))),
                    5,
                    30,
                    40);
            replanner.replan(List.of(first, second), MIX, 0);
            Costs c = replanner.costs();
            assertThat(c.alertUsd()).isCloseTo(((10 + 30) * PER_METRIC + 0.004 + 0.002) / 2, within(1e-12));
            assertThat(c.standardUsd()).isCloseTo((20 + 40) * PER_METRIC / 2, within(1e-12));
        }

        @Test
        void runsThatNeverReachedTheAccountLeaveTheCostsAlone() {
            Costs before = replanner.costs();
            replanner.replan(
                    List.of(
                            outcome(run(account(1), RunStatus.FAILED, 1, 0, "boom", List.of()), 0, 0, 0),
                            outcome(run(account(2), RunStatus.UNOBSERVABLE, 1, 0, "denied", List.of()), 0, 0, 0)),
                    MIX,
                    0);
            assertThat(replanner.costs()).isEqualTo(before);
        }

        @Test
        void theSharedPayerSpendIsNotAPerAccountCall() {
            var withShare = outcome(
                    run(account(1), RunStatus.OK, 10, 0, "", List.of(usage("ce", "GetCostAndUsage", 0, 0, "0.5"))),
                    0,
                    10,
                    0);
            replanner.replan(List.of(withShare), MIX, 0);
            assertThat(replanner.costs().alertUsd()).isCloseTo(10 * PER_METRIC, within(1e-12));
        }

        @Test
        void thePlanFollowsTheActivityMix() {
            var o = outcome(run(account(1), RunStatus.OK, 10, 0, "", List.of()), 0, 10, 20);
            var plan = replanner.replan(List.of(o), MIX, 0);
            assertThat(plan).isEqualTo(BudgetPlanner.plan(CONFIG.schedule(), replanner.costs(), MIX, 1));
            assertThat(replanner.plan()).isEqualTo(plan);
        }
    }

    @Nested
    class PayerPulls {
        @Test
        void aPayerPullReplacesTheCostPullEstimateWithItsPagesPerAccount() {
            double perPage = PRICER.perCall(Apis.GET_COST_AND_USAGE, 1).doubleValue();
            replanner.costPulled(20, 10_000);
            assertThat(replanner.costs().costPullUsd()).isCloseTo(20 * perPage / 10_000, within(1e-15));
            assertThat(replanner.costs().naiveCostPullUsd()).isCloseTo(perPage, within(1e-15));
        }

        @Test
        void aPullThatCoveredNoAccountChangesNothing() {
            Costs before = replanner.costs();
            replanner.costPulled(0, 0);
            assertThat(replanner.costs()).isEqualTo(before);
        }

        @Test
        void thePayerPullsCoverageIsTheFleetTheBudgetFloorIsSharedBy() {
            replanner.costPulled(20, 40);
            var plan = replanner.replan(
                    List.of(outcome(run(account(1), RunStatus.OK, 1, 0, "", List.of()), 0, 1, 1)), MIX, 0);
            assertThat(plan.budget())
                    .isCloseTo(CONFIG.schedule().budgetFloorPerMonth().doubleValue() / 40, within(1e-12));
        }

        @Test
        void anInstanceWithoutThePayerPullSharesTheFloorWithTheFleetItsPartitionsTellOf() {
            // one of two instances: its 20 runs are half of a 40-account fleet, the floor is the fleet's
            var runs = IntStream.rangeClosed(1, 20)
                    .mapToObj(n -> outcome(run(account(n), RunStatus.OK, 1, 0, "", List.of()), 0, 1, 1))
                    .toList();
            var plan = replanner.replan(runs, MIX, 40);
            assertThat(plan.budget())
                    .isCloseTo(CONFIG.schedule().budgetFloorPerMonth().doubleValue() / 40, within(1e-12));
        }

        @Test
        void measuredRunsKeepTheMeasuredPayerCost() {
            replanner.costPulled(20, 100);
            double costPull = replanner.costs().costPullUsd();
            replanner.replan(List.of(outcome(run(account(1), RunStatus.OK, 1, 0, "", List.of()), 0, 1, 1)), MIX, 0);
            assertThat(replanner.costs().costPullUsd()).isEqualTo(costPull);
        }
    }
}
