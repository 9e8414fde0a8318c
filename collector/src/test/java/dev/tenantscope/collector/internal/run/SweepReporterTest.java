package dev.tenantscope.collector.internal.run;

import static dev.tenantscope.collector.internal.run.Runs.account;
import static dev.tenantscope.collector.internal.run.Runs.outcome;
import static dev.tenantscope.collector.internal.run.Runs.run;
import static dev.tenantscope.collector.internal.run.Runs.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.SweepReport;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.ErrorClass;
import dev.tenantscope.collector.internal.aws.Pricer;
import dev.tenantscope.collector.internal.aws.RunLedger;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Plan;
import dev.tenantscope.model.events.RunStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepReporterTest {
    static final CollectorConfig CONFIG = CollectorConfig.defaults();
    static final Pricer PRICER = new Pricer(CONFIG.prices());
    static final Plan PLAN = new Replanner(CONFIG, PRICER).plan();
    final SweepReporter reporter = new SweepReporter(PRICER);

    static RunLedger payerPull(int pages) {
        RunLedger l = new RunLedger();
        for (int i = 0; i < pages; i++) {
            l.call(Apis.GET_COST_AND_USAGE, 1);
        }
        l.error(ErrorClass.THROTTLING);
        return l;
    }

    @Test
    void totalsAreTheRunsPlusTheFleetCalls() {
        reporter.fleetCalls(payerPull(3)); // 3 pages at $0.01
        var ok = outcome(
                run(
                        account(1),
                        RunStatus.OK,
                        120,
                        2,
                        "",
                        List.of(
                                usage("monitoring", "GetMetricData", 1, 30, "0.0003"),
                                usage("sts", "AssumeRole", 1, 1, "0"))),
                40,
                10,
                20);
        var denied = outcome(
                run(
                        account(2),
                        RunStatus.UNOBSERVABLE,
                        900,
                        1,
                        "AccessDenied: AssumeRole",
                        List.of(usage("sts", "AssumeRole", 1, 1, "0"))),
                0,
                0,
                0);
        SweepReport r = reporter.report(List.of(ok, denied), 7, Duration.ofSeconds(3), PLAN);

        assertThat(r.accounts()).isEqualTo(2);
        assertThat(r.statusByAccount())
                .containsEntry(account(1).value(), "OK")
                .containsEntry(account(2).value(), "UNOBSERVABLE");
        assertThat(r.reasonByAccount()).containsOnlyKeys(account(2).value());
        assertThat(r.records())
                .as("cost lines + each run's records + its run record")
                .isEqualTo(7 + 41 + 1);
        assertThat(r.costLines()).isEqualTo(7);
        assertThat(r.callsByApi())
                .containsEntry("ce:GetCostAndUsage", 3L)
                .containsEntry("monitoring:GetMetricData", 1L)
                .containsEntry("sts:AssumeRole", 2L);
        assertThat(r.unitsByApi()).containsEntry("monitoring:GetMetricData", 30L);
        assertThat(r.throttles()).as("runs' and fleet calls' throttles").isEqualTo(2 + 1 + 1);
        assertThat(r.apiSpendUsd()).isEqualByComparingTo(new BigDecimal("0.0303"));
        assertThat(r.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(r.maxAccountDuration()).isEqualTo(Duration.ofMillis(900));
        assertThat(r.plan()).isEqualTo(PLAN.toString());
        assertThat(r.alertInterval()).isEqualTo(PLAN.alert());
    }

    @Test
    void thePayerShareInsideARunIsNotCountedAgain() {
        reporter.fleetCalls(payerPull(2));
        var withShare = outcome(
                run(account(1), RunStatus.OK, 10, 0, "", List.of(usage("ce", "GetCostAndUsage", 0, 0, "0.02"))),
                0,
                0,
                0);
        SweepReport r = reporter.report(List.of(withShare), 0, Duration.ofSeconds(1), PLAN);
        assertThat(r.callsByApi()).containsEntry("ce:GetCostAndUsage", 2L);
        assertThat(r.apiSpendUsd()).isEqualByComparingTo(new BigDecimal("0.02"));
    }

    @Test
    void fleetCallsAreReportedOnceThenCountedAfresh() {
        reporter.fleetCalls(payerPull(2));
        reporter.report(List.of(), 0, Duration.ofSeconds(1), PLAN);
        SweepReport next = reporter.report(List.of(), 0, Duration.ofSeconds(1), PLAN);
        assertThat(next.callsByApi()).isEmpty();
        assertThat(next.apiSpendUsd()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(next.throttles()).isZero();
    }
}
