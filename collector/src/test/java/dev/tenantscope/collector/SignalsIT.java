package dev.tenantscope.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.fleetsim.FaultConfig;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.QuotaSample;
import dev.tenantscope.model.events.RunStatus;
import dev.tenantscope.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signals as AWS serves them, through the real SDK against fleet-sim and a real broker. */
class SignalsIT {
    static final Instant NOW = FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(2).plusHours(12));
    /** Every account runs workload in us-east-1 and eu-west-1 (a third of them in a third region too). */
    static final FleetSpec TWO_REGION_FLEET =
            FleetSpec.defaults().withAccounts(12).withMultiRegionFraction(1);

    @TempDir
    Path dir;

    /** Discovered regions, narrowed to the two every account of the fleet runs in (a third of them has a third). */
    static CollectorConfig.Regions bothRegions(CollectorConfig c) {
        return new CollectorConfig.Regions(
                true, List.of("us-east-1", "eu-west-1"), c.regions().refresh());
    }

    @Nested
    class PerResultStatus {
        @Test
        void aForbiddenNamespaceIsAFailedResultWithItsReasonNotNoActivity() {
            try (Fixture f = new Fixture(dir, 12, NOW);
                    Collector c = Collector.open(f.config("forbidden"), f.clock)) {
                Set<String> active = FaultsIT.active(f, NOW);
                f.sim.faults()
                        .set(FaultConfig.none()
                                .withMetricResultFault("AWS/Lambda", "Forbidden")
                                .withMetricResultFault("AWS/Usage", "InternalError"));
                SweepReport r = c.sweepOnce();
                assertThat(r.statusByAccount()).hasSize(active.size());
                assertThat(r.statusByAccount().values()).containsOnly("PARTIAL");
                assertThat(r.reasonByAccount().values())
                        .allSatisfy(reason -> assertThat(reason)
                                .contains("GetMetricData", "Forbidden", "AWS/Lambda/Errors", "denied by policy"));
                List<CollectorRun> runs = f.read(Topics.COLLECTOR_RUNS);
                assertThat(runs).hasSize(active.size()).allSatisfy(run -> {
                    assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
                    // nothing of the denied namespace counts as covered: the rollups must not close on it
                    assertThat(run.coverage()).extracting(cv -> cv.namespace()).containsOnly("tenantscope/logs");
                });
                assertThat(f.read(Topics.RAW_METRICS)).isEmpty();
                // the InternalError of the usage metric leaves the quota without usage, not at zero
                assertThat(f.read(Topics.RAW_QUOTAS))
                        .isNotEmpty()
                        .allSatisfy(q -> assertThat(q.usage()).isNull());
                assertThat(f.read(Topics.RAW_LOGS)).isNotEmpty();

                // metrics that cannot be read are not "no activity": collected hourly past idleAfter, the
                // accounts are still planned as active, not dropped to a heartbeat
                Duration idleAfter = f.config("x").schedule().idleAfter();
                SweepReport last = r;
                for (Duration d = Duration.ZERO; d.compareTo(idleAfter) <= 0; d = d.plusHours(1)) {
                    f.clock.advance(Duration.ofHours(1));
                    last = c.sweepOnce();
                }
                assertThat(last.activityByAccount()).hasSize(active.size()).doesNotContainValue("IDLE");
            }
        }
    }

    @Nested
    class OneFailingApi {
        @Test
        void serviceQuotas5xxMakesTheRunPartialWhileMetricsLogsAndQuotaUsageFlow() {
            try (Fixture f = new Fixture(dir, 12, NOW);
                    Collector c = Collector.open(f.config("sq-5xx"), f.clock)) {
                Set<String> active = FaultsIT.active(f, NOW);
                c.sweepOnce();
                // a day later the quota listing is due again, and Service Quotas answers 500 every time
                f.clock.advance(Duration.ofHours(25));
                Instant later = f.clock.instant();
                f.sim.faults().set(FaultConfig.none().withServerErrors("servicequotas", 1.0));
                SweepReport r = c.sweepOnce();
                assertThat(r.statusByAccount().keySet()).containsAll(active);
                assertThat(r.statusByAccount())
                        .allSatisfy((account, status) -> assertThat(status).isEqualTo("PARTIAL"));
                assertThat(r.reasonByAccount().values())
                        .allSatisfy(reason -> assertThat(reason).contains("ListServiceQuotas", "InternalFailure"));
                List<CollectorRun> runs = f.read(Topics.COLLECTOR_RUNS).stream()
                        .filter(run -> run.startedAt().equals(later))
                        .toList();
                assertThat(runs).isNotEmpty().allSatisfy(run -> {
                    assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
                    assertThat(run.coverage())
                            .extracting(cv -> cv.namespace() + " " + cv.metric())
                            .contains("AWS/Lambda Errors", "tenantscope/logs errors");
                });
                List<MetricSample> metrics = f.read(Topics.RAW_METRICS).stream()
                        .filter(m -> m.timestamp().isAfter(later.minus(Duration.ofHours(1))))
                        .toList();
                assertThat(metrics).extracting(m -> m.account().value()).containsAll(active);
                assertThat(f.read(Topics.RAW_LOGS))
                        .filteredOn(l -> l.binStart().isAfter(later.minus(Duration.ofHours(1))))
                        .isNotEmpty();
                // quota usage still comes from CloudWatch, for the quotas listed the day before
                List<QuotaSample> usage = f.read(Topics.RAW_QUOTAS).stream()
                        .filter(q -> q.usage() != null && q.timestamp().isAfter(later.minus(Duration.ofHours(1))))
                        .toList();
                assertThat(usage).extracting(q -> q.account().value()).containsAll(active);
            }
        }
    }

    @Nested
    class LogsInsights {
        @Test
        void theConcurrentQueryLimitIsBackedOffAndReportedAsSuchNotAsTheByteCap() {
            try (Fixture f = new Fixture(dir, 12, NOW);
                    Collector c = Collector.open(f.config("insights-limit"), f.clock)) {
                Set<String> active = FaultsIT.active(f, NOW);
                // the tenants' dashboards hold all 30 Logs Insights slots
                f.sim.faults().set(FaultConfig.none().withInsightsBusySlots(30));
                SweepReport r = c.sweepOnce();
                assertThat(r.statusByAccount().values()).hasSize(active.size()).containsOnly("PARTIAL");
                assertThat(r.reasonByAccount().values())
                        .allSatisfy(reason -> assertThat(reason)
                                .contains("StartQuery", "LimitExceededException")
                                .doesNotContain("ByteCap"));
                // backed off and retried within the attempt budget before giving up
                long starts = f.sim.meter().snapshot().calls("logs", "StartQuery");
                assertThat(starts)
                        .isEqualTo(active.size() * (long) f.config("x").limits().maxAttempts());
                assertThat(f.read(Topics.RAW_METRICS))
                        .extracting(m -> m.account().value())
                        .containsAll(active);
                assertThat(f.read(Topics.RAW_LOGS)).isEmpty();
            }
        }

        @Test
        void aQueryPastItsTimeoutIsStoppedAndReportedAsATimeoutNotAsTheByteCap() {
            try (Fixture f = new Fixture(dir, 6, NOW)) {
                CollectorConfig c = f.config("insights-slow");
                var l = c.logs();
                c = c.withLogs(new CollectorConfig.Logs(
                        l.mode(),
                        l.prefixes(),
                        l.errorPattern(),
                        l.maxBytesPerAccountInterval(),
                        Duration.ofMillis(300)));
                f.sim.faults().set(FaultConfig.none().withInsightsQueryRunMillis(60_000));
                try (Collector col = Collector.open(c, f.clock)) {
                    Set<String> active = FaultsIT.active(f, NOW);
                    SweepReport r = col.sweepOnce();
                    assertThat(r.statusByAccount().values())
                            .hasSize(active.size())
                            .containsOnly("PARTIAL");
                    assertThat(r.reasonByAccount().values())
                            .allSatisfy(reason -> assertThat(reason)
                                    .contains("QueryTimeout", "logs.queryTimeout")
                                    .doesNotContain("ByteCap"));
                    assertThat(f.sim.meter().snapshot().calls("logs", "StopQuery"))
                            .as("each query past its timeout is stopped")
                            .isEqualTo(active.size());
                    assertThat(f.read(Topics.RAW_LOGS)).isEmpty();
                    assertThat(f.read(Topics.RAW_METRICS))
                            .extracting(m -> m.account().value())
                            .containsAll(active);
                }
            }
        }

        @Test
        void theNextLogQueryScansFromWhereTheLastOneEndedNotTheWholeLongestInterval() {
            try (Fixture f = new Fixture(dir, 8, NOW);
                    Collector c = Collector.open(f.config("logs-window"), f.clock)) {
                c.sweepOnce();
                long first = f.sim.meter().snapshot().bytesScanned();
                f.sim.meter().reset();
                // a sweep pulls every class over the standard interval; 15 minutes on, only those are new to logs
                f.clock.advance(Duration.ofMinutes(15));
                c.sweepOnce();
                long second = f.sim.meter().snapshot().bytesScanned();
                System.out.println("Insights bytes scanned: first sweep " + first + ", 15 minutes later " + second);
                assertThat(second).isPositive().isLessThan(first / 2);
                SweepIT.assertLogsMatchTruth(f, f.read(Topics.RAW_LOGS), FaultsIT.active(f, f.clock.instant()));
                assertThat(f.read(Topics.COLLECTOR_RUNS))
                        .filteredOn(run -> run.startedAt().equals(f.clock.instant()))
                        .allSatisfy(run -> assertThat(run.coverage())
                                .filteredOn(cv -> cv.namespace().equals("tenantscope/logs"))
                                .singleElement()
                                .satisfies(cv -> assertThat(cv.from())
                                        .as("resumes the overlap before the last pull's end")
                                        .isEqualTo(NOW.minus(Duration.ofMinutes(10)))));
            }
        }

        private CollectorConfig twoRegions(Fixture f, String id, long cap) {
            CollectorConfig c = f.config(id);
            var l = c.logs();
            return c.withRegions(bothRegions(c))
                    .withLogs(
                            new CollectorConfig.Logs(l.mode(), l.prefixes(), l.errorPattern(), cap, l.queryTimeout()));
        }

        @Test
        void theByteCapHoldsPerAccountAcrossAllRegions() {
            // first, what one region scans per account (every account runs in both regions; their log volumes
            // are near equal: most lines are INFO lines, which do not follow the workload's share)
            java.util.Map<String, Long> perRegion = new HashMap<>();
            try (Fixture f = new Fixture(dir.resolve("one"), TWO_REGION_FLEET, NOW);
                    Collector c = Collector.open(twoRegions(f, "cap-free", 64L << 20), f.clock)) {
                c.sweepOnce();
                for (CollectorRun run : f.read(Topics.COLLECTOR_RUNS)) {
                    assertThat(run.status()).isEqualTo(RunStatus.OK);
                    perRegion.put(
                            run.account().value(),
                            run.usage().stream()
                                            .filter(u -> u.operation().equals("GetQueryResults"))
                                            .mapToLong(u -> u.billableUnits())
                                            .sum()
                                    / 2);
                }
            }
            // a cap every account's first region fits in, but not both regions of the busier accounts
            long cap =
                    perRegion.values().stream().mapToLong(Long::longValue).max().orElseThrow() * 6 / 5;
            try (Fixture f = new Fixture(dir.resolve("two"), TWO_REGION_FLEET, NOW)) {
                try (Collector c = Collector.open(twoRegions(f, "cap-two", cap), f.clock)) {
                    SweepReport r = c.sweepOnce();
                    int capped = 0;
                    java.util.Map<String, Long> published = new HashMap<>();
                    f.read(Topics.RAW_LOGS)
                            .forEach(s -> published.merge(s.account().value(), s.bytesScanned(), Long::sum));
                    for (CollectorRun run : f.read(Topics.COLLECTOR_RUNS)) {
                        String a = run.account().value();
                        System.out.println(a + " one region " + perRegion.get(a) + " B, published " + published.get(a)
                                + " B of two regions: " + run.status() + " " + run.reason());
                        // what is published never scanned more than the cap, whatever the number of regions
                        assertThat(published.getOrDefault(a, 0L)).isLessThanOrEqualTo(cap);
                        var logRegions = run.coverage().stream()
                                .filter(cv -> cv.namespace().equals("tenantscope/logs"))
                                .map(cv -> cv.region())
                                .toList();
                        if (2 * perRegion.get(a) > cap) {
                            capped++;
                            assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
                            assertThat(run.reason()).contains("ByteCapReached", "eu-west-1", "all regions");
                            assertThat(logRegions).containsExactly("us-east-1");
                        } else {
                            assertThat(run.status()).isEqualTo(RunStatus.OK);
                            assertThat(logRegions).containsExactlyInAnyOrder("us-east-1", "eu-west-1");
                        }
                    }
                    System.out.println("byte cap " + cap + " over two regions: " + capped + " of "
                            + r.statusByAccount().size() + " accounts capped in their second region");
                    assertThat(capped).isPositive();
                }
            }
        }
    }

    @Nested
    class Quotas {
        @Test
        void aGlobalQuotaIsReportedOncePerAccountNotPerRegion() {
            try (Fixture f =
                    new Fixture(dir, FleetSpec.defaults().withAccounts(8).withMultiRegionFraction(1), NOW)) {
                CollectorConfig c = f.config("global-quota");
                c = c.withRegions(bothRegions(c))
                        .withQuotas(new CollectorConfig.Quotas(
                                true, List.of("lambda", "iam"), c.quotas().alertAbove()));
                try (Collector col = Collector.open(c, f.clock)) {
                    Set<String> active = FaultsIT.active(f, NOW);
                    col.sweepOnce();
                    List<QuotaSample> quotas = f.read(Topics.RAW_QUOTAS);
                    // IAM roles per account: one account-wide value
                    assertThat(quotas)
                            .filteredOn(q -> q.quotaCode().equals("L-FE177D64"))
                            .hasSize(active.size())
                            .extracting(q -> q.region())
                            .containsOnly("us-east-1");
                    // Lambda concurrency: one per region
                    assertThat(quotas)
                            .filteredOn(q -> q.quotaCode().equals("L-B99A9384"))
                            .hasSize(2 * active.size());
                }
            }
        }

        @Test
        void aRateQuotaIsNormalisedByItsPeriodAndDefaultOnlyQuotasAreReported() {
            try (Fixture f = new Fixture(dir, 12, NOW);
                    Collector c = Collector.open(f.config("quotas"), f.clock)) {
                Set<String> active = FaultsIT.active(f, NOW);
                c.sweepOnce();
                List<QuotaSample> quotas = f.read(Topics.RAW_QUOTAS);
                // GetMetricData's 50-per-second quota, only in ListAWSDefaultServiceQuotas, with CallCount usage
                List<QuotaSample> rate = quotas.stream()
                        .filter(q -> q.quotaCode().equals("L-5E141212"))
                        .toList();
                assertThat(rate).extracting(q -> q.account().value()).containsAll(active);
                assertThat(rate).allSatisfy(q -> {
                    assertThat(q.quotaValue()).isEqualTo(50.0);
                    // calls per second, not calls per 5 minutes: a Sum of 300 to 9,000 calls read raw would be
                    // 600 % to 18,000 % of the quota
                    assertThat(q.usage()).isNotNull().isBetween(0.5, 40.0);
                    // its Period (1 second) travels with it, so streams does not forecast its exhaustion
                    assertThat(q.periodSeconds()).isEqualTo(1.0);
                    assertThat(q.rateQuota()).isTrue();
                });
                // a level quota (Lambda concurrent executions) has no period
                assertThat(quotas)
                        .filteredOn(q -> q.quotaCode().equals("L-B99A9384"))
                        .isNotEmpty()
                        .allSatisfy(q -> assertThat(q.rateQuota()).isFalse());
                System.out.println("GetMetricData rate quota utilisation: "
                        + rate.stream()
                                .mapToDouble(q -> q.usage() / q.quotaValue())
                                .summaryStatistics());
                assertThat(quotas)
                        .filteredOn(q -> q.quotaCode().equals("L-2ACBD22F"))
                        .extracting(q -> q.account().value())
                        .containsAll(active);
                assertThat(quotas)
                        .filteredOn(q -> q.quotaCode().equals("L-2ACBD22F"))
                        .allSatisfy(q -> assertThat(q.quotaValue()).isEqualTo(75.0));
            }
        }
    }

    @Nested
    class ExternalIdRotation {
        @Test
        void noAccountGoesDarkWhileTrustPoliciesMoveToTheNewExternalId() {
            try (Fixture f = new Fixture(dir, 20, NOW)) {
                String old = f.sim.spec().externalId();
                String rotated = old + "-rotated"; // what fleet-sim's mismatch fault makes a trust policy expect
                CollectorConfig base = f.config("rotation");
                CollectorConfig rotating = base.withAws(base.aws()
                                .withIdentity(
                                        base.aws().accessKeyId(),
                                        base.aws().secretAccessKey(),
                                        base.aws().managementAccount(),
                                        base.aws().roleName(),
                                        rotated))
                        .withPreviousExternalIds(List.of(old));
                try (Collector c = Collector.open(rotating, f.clock)) {
                    // before the rollout every trust policy has the old ExternalId; halfway through, half have
                    // only the new one; at the end all do. Sessions expire between steps, so each step assumes anew.
                    for (double updated : new double[] {0, 0.5, 1.0}) {
                        f.sim.faults()
                                .set(FaultConfig.none()
                                        .withExternalIdMismatch(updated, Set.of())
                                        .withCredentialTtlSeconds(60));
                        f.clock.advance(Duration.ofMinutes(5));
                        Set<String> active = FaultsIT.active(f, f.clock.instant());
                        SweepReport r = c.sweepOnce();
                        System.out.println(
                                "rotation at " + updated + ": " + r.count("OK") + " of " + active.size() + " OK");
                        assertThat(r.statusByAccount().keySet()).containsAll(active);
                        assertThat(r.statusByAccount())
                                .as("%s updated", updated)
                                .allSatisfy((a, status) -> assertThat(status)
                                        .as(r.reasonByAccount().get(a))
                                        .isEqualTo("OK"));
                    }
                }
                // without the old ExternalId in the list, the accounts not yet updated go dark mid-rollout
                f.sim.faults().set(FaultConfig.none().withExternalIdMismatch(0.5, Set.of()));
                f.clock.advance(Duration.ofMinutes(5));
                try (Collector c = Collector.open(rotating.withPreviousExternalIds(List.of()), f.clock)) {
                    SweepReport r = c.sweepOnce();
                    assertThat(r.count("UNOBSERVABLE")).isPositive();
                    assertThat(r.count("OK")).isPositive();
                }
            }
        }
    }

    @Nested
    class StartRamp {
        @Test
        void everyOwnedAccountIsCollectedOnceWithinMinutesOfStartThenJitterTakesOver() throws Exception {
            try (Fixture f = new Fixture(dir, 40, NOW)) {
                CollectorConfig c = f.config("ramp");
                var s = c.schedule();
                // the scheduler's resolution: fleet-sim's clock moves fast here
                c = c.withSchedule(s.withTick(Duration.ofMillis(50)));
                Set<String> active = FaultsIT.active(f, NOW);
                Instant start = f.clock.instant();
                try (Collector col = Collector.start(c, f.clock)) {
                    // fleet-sim's clock stands still until discovery has registered the fleet
                    for (int i = 0; i < 300 && f.read(Topics.ACCOUNTS).size() < active.size(); i++) {
                        Thread.sleep(100);
                    }
                    col.awaitAccounts(Duration.ofSeconds(30));
                    // three minutes of fleet-sim time, 5 s of it every 250 ms of wall time
                    for (int i = 0; i < 36; i++) {
                        Thread.sleep(250);
                        f.clock.advance(Duration.ofSeconds(5));
                    }
                    Thread.sleep(2_000); // let the last dispatched runs land
                }
                Instant by = start.plus(Duration.ofMinutes(3));
                List<CollectorRun> runs = f.read(Topics.COLLECTOR_RUNS);
                Set<String> seen = new TreeSet<>();
                runs.stream()
                        .filter(r -> !r.startedAt().isAfter(by))
                        .forEach(r -> seen.add(r.account().value()));
                System.out.println("collected within 3 minutes of fleet-sim time after start: " + seen.size() + " of "
                        + active.size() + " active accounts (alert interval " + s.alertInterval() + ", ramp "
                        + s.startRamp() + ")");
                runs.stream()
                        .filter(r -> r.startedAt().isAfter(by))
                        .forEach(r -> System.out.println("  late: " + r.account() + " at " + r.startedAt()));
                // fleet health knows every account minutes after start, not one alert interval later
                assertThat(seen).containsAll(active);
                // the ramp adds one collection per account; after it only an account's own slots collect it
                // again: in three minutes at most one alert and one standard slot
                assertThat(runs.stream()
                                .collect(Collectors.groupingBy(r -> r.account().value(), Collectors.counting()))
                                .values())
                        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3L));
                // a tenant's accounts share their slots: each tenant's first collections start together (within
                // three of this test's 5 s clock steps: a run starts when a thread takes it, spread over 2 minutes)
                Map<String, String> tenantOf = new HashMap<>();
                f.read(Topics.ACCOUNTS)
                        .forEach(r ->
                                tenantOf.put(r.account().value(), r.tenant().value()));
                Map<String, Instant> first = new HashMap<>();
                runs.forEach(r -> first.merge(r.account().value(), r.startedAt(), (x, y) -> x.isBefore(y) ? x : y));
                Map<String, List<Instant>> firstByTenant = first.entrySet().stream()
                        .collect(Collectors.groupingBy(
                                e -> tenantOf.get(e.getKey()),
                                Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
                assertThat(firstByTenant.values()).anySatisfy(t -> assertThat(t).hasSizeGreaterThan(1));
                firstByTenant.forEach((tenant, starts) -> assertThat(
                                Duration.between(Collections.min(starts), Collections.max(starts)))
                        .as("first collections of %s's accounts: %s", tenant, starts)
                        .isLessThanOrEqualTo(Duration.ofSeconds(15)));
            }
        }
    }

    @Nested
    class Retagging {
        @Test
        void aRetaggedAccountMovesToItsNewTenantOnceItsTagsAreReadAgain() {
            try (Fixture f = new Fixture(dir, 10, NOW);
                    Collector c = Collector.open(f.config("retag"), f.clock)) {
                c.sweepOnce();
                String account = FaultsIT.active(f, NOW).iterator().next();
                f.sim.retag(
                        dev.tenantscope.model.AccountId.of(account), dev.tenantscope.model.TenantId.of("tenant-77777"));
                // tags are re-read on a schedule (discovery.tagRefresh, 1h by default), not at every discovery
                f.clock.advance(Duration.ofMinutes(10));
                c.sweepOnce();
                assertThat(latestTenant(f, account)).isNotEqualTo("tenant-77777");
                f.clock.advance(Duration.ofHours(1));
                f.sim.meter().reset();
                c.sweepOnce();
                assertThat(latestTenant(f, account)).isEqualTo("tenant-77777");
                long tagCalls = f.sim.meter().snapshot().calls("organizations", "ListTagsForResource");
                System.out.println("tags re-read after an hour: " + tagCalls + " ListTagsForResource calls");
                assertThat(tagCalls).isPositive();
            }
        }

        private static String latestTenant(Fixture f, String account) {
            String tenant = null;
            for (var reg : f.read(Topics.ACCOUNTS)) {
                if (reg.account().value().equals(account)) {
                    tenant = reg.tenant().value();
                }
            }
            return tenant;
        }
    }
}
