package dev.tenantscope.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.MeterSnapshot;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.SimCatalog;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.QuotaSample;
import dev.tenantscope.model.events.RunStatus;
import dev.tenantscope.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One sweep against fleet-sim through the real SDK and a real broker: records equal ground truth, calls as metered. */
class SweepIT {
    static final Instant NOW = FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(2).plusHours(12));

    @TempDir
    Path dir;

    @Test
    void sweepWritesGroundTruthAndMakesTheExpectedCalls() throws Exception {
        try (Fixture f = new Fixture(dir, 30, NOW);
                Collector c = Collector.open(f.config("sweep-a"), f.clock)) {
            SweepReport r = c.sweepOnce();
            System.out.println("sweep: " + r);
            List<SimAccount> listed = f.sim.truth().accounts(NOW);
            Set<String> active = listed.stream()
                    .filter(a -> a.statusAt(NOW) == dev.tenantscope.fleetsim.AccountStatus.ACTIVE)
                    .map(a -> a.id().value())
                    .collect(Collectors.toSet());

            // discovery: every listed account registered once, with its tenant and status
            List<AccountRegistration> regs = f.read(Topics.ACCOUNTS);
            assertThat(regs).hasSize(listed.size());
            for (SimAccount a : listed) {
                AccountRegistration reg = regs.stream()
                        .filter(x -> x.account().equals(a.id()))
                        .findFirst()
                        .orElseThrow();
                assertThat(reg.tenant()).isEqualTo(a.tenant());
                assertThat(reg.status().polled()).isEqualTo(active.contains(a.id().value()));
            }

            // one run per active account, all OK, each with its metered API spend
            List<CollectorRun> runs = f.read(Topics.COLLECTOR_RUNS);
            assertThat(runs).extracting(x -> x.account().value()).containsExactlyInAnyOrderElementsOf(active);
            assertThat(runs).allSatisfy(run -> {
                assertThat(run.status()).as(run.reason()).isEqualTo(RunStatus.OK);
                assertThat(run.apiSpend().amount()).isPositive();
                assertThat(run.usage())
                        .anySatisfy(u -> assertThat(u.operation()).isEqualTo("GetMetricData"));
                // what the pulls covered: every default metric and the log errors, settled up to the overlap
                Instant settled =
                        Instant.ofEpochSecond(NOW.getEpochSecond() / 60 * 60).minus(java.time.Duration.ofMinutes(10));
                assertThat(run.coverage())
                        .extracting(cv -> cv.region() + " " + cv.namespace() + " " + cv.metric() + " " + cv.statistic())
                        .containsExactlyInAnyOrder(
                                "us-east-1 AWS/Lambda Errors Sum",
                                "us-east-1 AWS/Lambda Throttles Sum",
                                "us-east-1 AWS/Lambda Invocations Sum",
                                "us-east-1 AWS/Lambda Duration Average",
                                "us-east-1 tenantscope/logs errors Sum");
                assertThat(run.logGroupsCovered())
                        .as("the run says how many log groups it covered")
                        .containsExactly(Map.entry(
                                "us-east-1",
                                f.sim.truth().logGroups(run.account()).size()));
                assertThat(run.coverage()).allSatisfy(cv -> {
                    assertThat(cv.settledThrough()).isEqualTo(settled);
                    assertThat(cv.from()).isBefore(settled);
                });
            });

            assertMetricsMatchTruth(f, f.read(Topics.RAW_METRICS));
            assertCostMatchesTruth(f, f.read(Topics.RAW_COST), active);
            assertQuotasMatchTruth(f, f.read(Topics.RAW_QUOTAS), active);
            assertLogsMatchTruth(f, f.read(Topics.RAW_LOGS), active);

            // fleet-sim's meter: one AssumeRole, one GetMetricData (≤ 500 queries) per account; Organizations paged
            MeterSnapshot m = f.sim.meter().snapshot();
            int n = active.size();
            assertThat(m.calls("sts", "AssumeRole")).isEqualTo(n);
            assertThat(m.calls("monitoring", "GetMetricData")).isEqualTo(n);
            // applied values, then the defaults of quotas whose applied value is not available; two services
            assertThat(m.calls("servicequotas", "ListServiceQuotas")).isEqualTo(2L * n);
            assertThat(m.calls("servicequotas", "ListAWSDefaultServiceQuotas")).isEqualTo(2L * n);
            int orgAccounts = listed.size() + 1; // the management account is listed too (untagged: not collected)
            assertThat(m.calls("organizations", "ListAccounts")).isEqualTo((orgAccounts + 19) / 20);
            assertThat(m.calls("organizations", "ListTagsForResource")).isEqualTo(orgAccounts);
            // the payer pull: record types found once, then one filtered query (here one page) per record type
            // (a first start: the regular window and the first backfill month)
            assertThat(m.calls("ce", "GetDimensionValues")).isEqualTo(PayerCostIT.ranges(f));
            assertThat(m.calls("ce", "GetCostAndUsage")).isEqualTo(PayerCostIT.pagesOf(f));
            // every log group is covered: one query per prefix and 50 groups (StartQuery's limit)
            long queries = 0;
            long manyGroups = 0;
            for (String a : active) {
                List<String> groups = f.sim.truth().logGroups(AccountId.of(a));
                manyGroups += groups.size() > 50 ? 1 : 0;
                for (String prefix : List.of("/aws/lambda/", "/app/")) {
                    long k = groups.stream().filter(g -> g.startsWith(prefix)).count();
                    queries += (k + 49) / 50;
                }
            }
            System.out.println(
                    "accounts with more than 50 log groups: " + manyGroups + "; StartQuery calls " + queries);
            assertThat(manyGroups)
                    .as("fleet-sim gives some accounts hundreds of groups")
                    .isPositive();
            assertThat(m.calls("logs", "StartQuery")).isEqualTo(queries);
            assertThat(r.calls("monitoring:GetMetricData")).isEqualTo(m.calls("monitoring", "GetMetricData"));
            assertThat(r.unitsByApi().get("monitoring:GetMetricData")).isEqualTo(m.metricsRequested());
            // six services in the home region, plus a CloudWatch client in each region the region finder probed
            // with ListMetrics (fleet-sim lists 16 regions, 12 enabled by default)
            assertThat(c.sdkClients())
                    .as("one client per service and region, not per account")
                    .isLessThanOrEqualTo(6 + 16);

            // a second sweep right away: cached credentials, nothing emitted twice
            int metricsBefore = f.read(Topics.RAW_METRICS).size();
            f.sim.meter().reset();
            c.sweepOnce();
            assertThat(f.sim.meter().snapshot().calls("sts", "AssumeRole")).isZero();
            assertThat(f.read(Topics.RAW_METRICS)).hasSize(metricsBefore);
            assertThat(f.read(Topics.ACCOUNTS))
                    .as("accounts topic written only on change")
                    .hasSize(listed.size());
        }
    }

    static void assertMetricsMatchTruth(Fixture f, List<MetricSample> samples) {
        assertThat(samples).isNotEmpty();
        Map<String, MetricSample> latest = new HashMap<>();
        samples.forEach(s -> latest.put(s.account() + s.namespace() + s.metric() + s.statistic() + s.timestamp(), s));
        Instant complete = f.clock.instant().minus(Duration.ofMinutes(9));
        int compared = 0;
        for (MetricSample s : latest.values()) {
            if (s.namespace().equals("AWS/Usage") || s.timestamp().isAfter(complete)) {
                continue;
            }
            var truth = f.sim.truth()
                    .metric(s.account(), s.namespace(), s.metric(), s.statistic(), s.periodSeconds(), s.timestamp());
            assertThat(truth).as("%s", s).isPresent();
            assertThat(s.value()).as("%s", s).isCloseTo(truth.getAsDouble(), org.assertj.core.data.Offset.offset(1e-6));
            compared++;
        }
        assertThat(compared).isGreaterThan(50);
    }

    static void assertCostMatchesTruth(Fixture f, List<CostLine> lines, Set<String> owned) {
        Instant now = f.clock.instant();
        Map<String, CostLine> latest = new HashMap<>();
        lines.forEach(l -> latest.put(l.key(), l));
        // fleet-sim's costLines sum every record type of a service: so do the lines' latest values
        Map<String, java.math.BigDecimal> byService = new HashMap<>();
        Map<String, Boolean> estimatedByService = new HashMap<>();
        latest.values().forEach(l -> {
            String k = l.account().value() + "|" + l.day() + "|" + l.service();
            byService.merge(k, l.amount().amount(), java.math.BigDecimal::add);
            estimatedByService.merge(k, l.estimated(), Boolean::logicalOr);
        });
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate from =
                today.minusDays(5).isBefore(today.withDayOfMonth(1)) ? today.minusDays(5) : today.withDayOfMonth(1);
        int compared = 0;
        for (String id : owned) {
            for (LocalDate d = from; !d.isAfter(today); d = d.plusDays(1)) {
                for (var t : f.sim.truth().costLines(AccountId.of(id), d, now)) {
                    String k = id + "|" + d + "|" + t.service();
                    assertThat(byService.get(k))
                            .as("%s %s %s", id, d, t.service())
                            .isNotNull();
                    assertThat(byService.get(k)).as(k).isEqualByComparingTo(t.amount());
                    assertThat(estimatedByService.get(k)).as(k).isEqualTo(t.estimated());
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(100);
    }

    static void assertQuotasMatchTruth(Fixture f, List<QuotaSample> quotas, Set<String> owned) {
        assertThat(quotas).extracting(q -> q.account().value()).containsAll(owned);
        for (QuotaSample q : quotas) {
            if (q.quotaCode().equals(SimCatalog.LAMBDA_CONCURRENCY_QUOTA)) {
                assertThat(q.quotaValue()).isEqualTo(SimCatalog.LAMBDA_CONCURRENCY_QUOTA_VALUE);
            }
        }
    }

    static void assertLogsMatchTruth(Fixture f, List<LogSignal> logs, Set<String> owned) {
        assertThat(logs).extracting(l -> l.account().value()).containsAll(owned);
        int compared = 0;
        for (LogSignal l : logs) {
            long truth = 0;
            for (String g : f.sim.truth().logGroups(l.account())) {
                if (g.startsWith(l.logGroupPrefix())) {
                    truth += f.sim.truth()
                            .logErrorCount(
                                    l.account(), g, l.binStart(), l.binStart().plusSeconds(l.binSeconds()));
                }
            }
            assertThat(l.errorCount()).as("%s", l).isEqualTo(truth);
            compared++;
        }
        assertThat(compared).isPositive();
    }

    static boolean polled(AccountStatus s) {
        return s.polled();
    }
}
