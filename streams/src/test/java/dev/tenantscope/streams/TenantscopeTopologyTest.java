package dev.tenantscope.streams;

import static dev.tenantscope.streams.Fixture.A1;
import static dev.tenantscope.streams.Fixture.A2;
import static dev.tenantscope.streams.Fixture.ACME;
import static dev.tenantscope.streams.Fixture.GLOBEX;
import static dev.tenantscope.streams.Fixture.UNKNOWN;
import static dev.tenantscope.streams.Fixture.cost;
import static dev.tenantscope.streams.Fixture.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.rollup.CostCategory;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.rollup.TenantDaySummary;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.StreamsAppConfig.BaselineRule;
import dev.tenantscope.streams.internal.DeadLetterHandler;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantscopeTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path stateDir;

    private Fixture fx;

    private Fixture start(StreamsAppConfig config) {
        fx = new Fixture(config, stateDir);
        return fx;
    }

    private Fixture start() {
        return start(StreamsAppConfig.defaults());
    }

    @AfterEach
    void close() {
        if (fx != null) {
            fx.close();
        }
    }

    private static void register(Fixture f, AccountRegistration... regs) {
        TestInputTopic<String, AccountRegistration> accounts = f.in(Topics.ACCOUNTS);
        for (AccountRegistration r : regs) {
            accounts.pipeInput(r.account().value(), r);
        }
    }

    /** Latest cost per (tenant, day) summed over accounts, services and categories. */
    private static Map<String, BigDecimal> tenantDayTotals(Map<String, TenantDailyCost> rows) {
        return rows.values().stream()
                .collect(Collectors.groupingBy(
                        r -> r.tenant() + "|" + r.day(),
                        Collectors.reducing(BigDecimal.ZERO, r -> r.amount().amount(), BigDecimal::add)));
    }

    @Test
    void everyProcessorAndStoreIsNamed() {
        String description = TenantscopeTopology.build(StreamsAppConfig.defaults())
                .describe()
                .toString();
        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-", "KSTORE-", "KGSTREAM-");
    }

    @Nested
    class Cost {
        @Test
        void restatedCostReplacesEarlierValue() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            TestInputTopic<String, CostLine> raw = f.in(Topics.RAW_COST);
            TestOutputTopic<String, TenantDailyCost> out = f.out(DerivedTopics.TENANT_COST_DAILY);

            raw.pipeInput(A1.value(), cost(A1, "2026-11-01", "Amazon EC2", "10.00", T0));
            raw.pipeInput(A1.value(), cost(A1, "2026-11-01", "AWS Lambda", "2.50", T0));
            raw.pipeInput(A1.value(), cost(A1, "2026-11-01", "Amazon EC2", "12.34", T0.plusSeconds(3600)));
            // an older pull arriving late must not win over the newer one
            raw.pipeInput(A1.value(), cost(A1, "2026-11-01", "Amazon EC2", "9.99", T0.plusSeconds(60)));

            Map<String, TenantDailyCost> rows = out.readKeyValuesToMap();
            assertThat(tenantDayTotals(rows)).containsEntry("acme|2026-11-01", new BigDecimal("14.84"));
            TenantDailyCost ec2 = rows.values().stream()
                    .filter(r -> r.service().equals("Amazon EC2"))
                    .findFirst()
                    .orElseThrow();
            assertThat(ec2.amount().amount()).isEqualByComparingTo("12.34");
        }

        @Test
        void summaryHasTotalWorkloadBaselineAndShare() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            TestInputTopic<String, CostLine> raw = f.in(Topics.RAW_COST);
            raw.pipeInput(A1.value(), cost(A1, "2026-11-01", "Amazon EC2", "6.00", T0));
            raw.pipeInput(A1.value(), cost(A1, "2026-11-01", "AWS CloudTrail", "1.00", T0));
            f.in(Topics.COLLECTOR_RUNS)
                    .pipeInput(A1.value(), Fixture.run(A1, Instant.parse("2026-11-01T01:00:00Z"), "0.60"));
            f.in(Topics.COLLECTOR_RUNS)
                    .pipeInput(A1.value(), Fixture.run(A1, Instant.parse("2026-11-01T02:00:00Z"), "0.40"));
            raw.pipeInput(A1.value(), cost(A1, "2026-11-01", "AWS CloudTrail", "2.00", T0.plusSeconds(10)));

            TenantDaySummary s = f.out(DerivedTopics.TENANT_COST_DAILY_SUMMARY)
                    .readKeyValuesToMap()
                    .get("acme|111111111111|2026-11-01");
            assertThat(s.workload().amount()).isEqualByComparingTo("6.00");
            assertThat(s.baseline().amount()).isEqualByComparingTo("3.00");
            assertThat(s.total().amount()).isEqualByComparingTo("9.00");
            assertThat(s.baselineShare()).isEqualByComparingTo("0.333333");
        }

        @Test
        void defaultRulesClassBaselineServicesAndCollectorSpend() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            TestInputTopic<String, CostLine> raw = f.in(Topics.RAW_COST);
            for (String s : List.of(
                    "AWS CloudTrail",
                    "AWS Config",
                    "Amazon GuardDuty",
                    "AWS Security Hub",
                    "AWS Key Management Service",
                    "AmazonCloudWatch",
                    "Amazon EC2")) {
                raw.pipeInput(A1.value(), cost(A1, "2026-11-01", s, "1", T0));
            }
            f.in(Topics.COLLECTOR_RUNS)
                    .pipeInput(A1.value(), Fixture.run(A1, Instant.parse("2026-11-01T01:00:00Z"), "0.25"));

            Map<String, CostCategory> byService = f.out(DerivedTopics.TENANT_COST_DAILY).readValuesToList().stream()
                    .collect(Collectors.toMap(TenantDailyCost::service, TenantDailyCost::category, (a, b) -> b));
            assertThat(byService)
                    .containsEntry("Amazon EC2", CostCategory.WORKLOAD)
                    .containsEntry("AWS CloudTrail", CostCategory.BASELINE)
                    .containsEntry("AmazonCloudWatch", CostCategory.BASELINE)
                    .containsEntry("tenantscope collector", CostCategory.BASELINE);
            assertThat(byService.values())
                    .filteredOn(c -> c == CostCategory.BASELINE)
                    .hasSize(7);
        }

        @Test
        void configuredRulesMatchUsageTypes() {
            StreamsAppConfig defaults = StreamsAppConfig.defaults();
            StreamsAppConfig config = defaults.withCost(
                    defaults.cost().withBaselineRules(List.of(new BaselineRule("", "AlarmMonitorUsage", "alarms"))));
            Fixture f = start(config);
            register(f, registration(A1, ACME, "gold"));
            TestInputTopic<String, CostLine> raw = f.in(Topics.RAW_COST);
            raw.pipeInput(
                    A1.value(),
                    new CostLine(
                            A1,
                            LocalDate.parse("2026-11-01"),
                            "AmazonCloudWatch",
                            "USE1-AlarmMonitorUsage",
                            dev.tenantscope.model.Money.usd("3"),
                            false,
                            T0));
            raw.pipeInput(A1.value(), cost(A1, "2026-11-01", "AWS CloudTrail", "1", T0));

            List<TenantDailyCost> rows = f.out(DerivedTopics.TENANT_COST_DAILY).readValuesToList();
            assertThat(rows)
                    .extracting(TenantDailyCost::service, TenantDailyCost::category, TenantDailyCost::baselineComponent)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("AmazonCloudWatch", CostCategory.BASELINE, "alarms"),
                            org.assertj.core.groups.Tuple.tuple("AWS CloudTrail", CostCategory.WORKLOAD, ""));
        }

        @Test
        void unknownAccountIsUnassignedThenReattributedOnceRegistered() {
            Fixture f = start();
            TestInputTopic<String, CostLine> raw = f.in(Topics.RAW_COST);
            raw.pipeInput(UNKNOWN.value(), cost(UNKNOWN, "2026-11-01", "Amazon EC2", "5.00", T0));
            TestOutputTopic<String, TenantDailyCost> out = f.out(DerivedTopics.TENANT_COST_DAILY);
            assertThat(tenantDayTotals(out.readKeyValuesToMap()))
                    .containsEntry("unassigned|2026-11-01", new BigDecimal("5.00"));
            assertThat(f.counters.unassignedRecords()).isEqualTo(1);

            register(f, registration(UNKNOWN, GLOBEX, "silver"));
            f.driver.advanceWallClockTime(Duration.ofSeconds(11));

            Map<String, BigDecimal> totals = tenantDayTotals(out.readKeyValuesToMap());
            assertThat(totals.get("unassigned|2026-11-01")).isEqualByComparingTo("0");
            assertThat(totals.get("globex|2026-11-01")).isEqualByComparingTo("5.00");
            assertThat(f.counters.reattributedCostLines()).isEqualTo(1);
        }

        @Test
        void unknownAccountsRestatementArrivingFirstIsTheValueReattributed() {
            Fixture f = start();
            TestInputTopic<String, CostLine> raw = f.in(Topics.RAW_COST);
            // the restatement (retrieved later) arrives before the estimate it replaces
            raw.pipeInput(UNKNOWN.value(), cost(UNKNOWN, "2026-11-01", "Amazon EC2", "7.00", T0.plusSeconds(86_400)));
            raw.pipeInput(UNKNOWN.value(), cost(UNKNOWN, "2026-11-01", "Amazon EC2", "5.00", T0));
            TestOutputTopic<String, TenantDailyCost> out = f.out(DerivedTopics.TENANT_COST_DAILY);
            assertThat(tenantDayTotals(out.readKeyValuesToMap()))
                    .containsEntry("unassigned|2026-11-01", new BigDecimal("7.00"));

            register(f, registration(UNKNOWN, GLOBEX, "silver"));
            f.driver.advanceWallClockTime(Duration.ofSeconds(11));

            Map<String, BigDecimal> totals = tenantDayTotals(out.readKeyValuesToMap());
            assertThat(totals.get("unassigned|2026-11-01")).isEqualByComparingTo("0");
            assertThat(totals.get("globex|2026-11-01")).isEqualByComparingTo("7.00");
        }

        @Test
        void anOlderLineArrivingAfterTheRegistrationDoesNotStrandTheNewerOneUnderUnassigned() {
            Fixture f = start();
            TestInputTopic<String, CostLine> raw = f.in(Topics.RAW_COST);
            raw.pipeInput(UNKNOWN.value(), cost(UNKNOWN, "2026-11-01", "Amazon EC2", "7.00", T0.plusSeconds(86_400)));
            // registered, and the older estimate arrives before the re-attribution punctuator has run
            register(f, registration(UNKNOWN, GLOBEX, "silver"));
            raw.pipeInput(UNKNOWN.value(), cost(UNKNOWN, "2026-11-01", "Amazon EC2", "5.00", T0));
            f.driver.advanceWallClockTime(Duration.ofSeconds(11));

            Map<String, BigDecimal> totals =
                    tenantDayTotals(f.out(DerivedTopics.TENANT_COST_DAILY).readKeyValuesToMap());
            assertThat(totals.get("unassigned|2026-11-01")).isEqualByComparingTo("0");
            assertThat(totals.get("globex|2026-11-01")).isEqualByComparingTo("7.00");
        }
    }

    @Nested
    class Rollups {
        private final Instant w0 = Instant.parse("2026-11-02T10:00:00Z");

        private TestInputTopic<String, MetricSample> raw(Fixture f) {
            return f.in(Topics.RAW_METRICS);
        }

        private void cover(Fixture f, dev.tenantscope.model.AccountId a, Instant through) {
            f.in(Topics.COLLECTOR_RUNS).pipeInput(a.value(), Fixture.covered(a, through, "Invocations", "Duration"));
        }

        @Test
        void samplesSeventyMinutesLateCountOnceTheirWindowIsCovered() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            // a pull publishes 70 minutes of history at once, newest windows first: none of it is dropped
            for (int minute = 69; minute >= 0; minute--) {
                raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0.plusSeconds(60L * minute), minute));
            }
            TestOutputTopic<String, TenantMetricRollup> out = f.out(DerivedTopics.TENANT_METRICS_5M);
            assertThat(out.readValuesToList())
                    .as("nothing is final before the collector says so")
                    .isEmpty();

            cover(f, A1, w0.plus(Duration.ofMinutes(70)));

            List<TenantMetricRollup> rollups = out.readValuesToList();
            assertThat(rollups).hasSize(14);
            TenantMetricRollup first = rollups.getFirst();
            assertThat(first.tenant()).isEqualTo(ACME);
            assertThat(first.tier()).isEqualTo("gold");
            assertThat(first.windowStart()).isEqualTo(w0);
            assertThat(first.region()).isEqualTo("us-east-1");
            assertThat(first.count()).isEqualTo(5);
            assertThat(first.sum()).isEqualTo(0 + 1 + 2 + 3 + 4);
            assertThat(first.max()).isEqualTo(4);
            assertThat(first.complete()).isTrue();
            assertThat(rollups.stream().mapToDouble(TenantMetricRollup::sum).sum())
                    .isEqualTo(69 * 70 / 2.0);
        }

        @Test
        void aCorrectedDatapointReplacesItsValueAndReEmitsTheWindowWithAHigherVersion() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0, 3));
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0.plusSeconds(60), 5)); // open period
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0.plusSeconds(60), 8)); // its correction
            cover(f, A1, w0.plus(Duration.ofMinutes(5)));
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0.plusSeconds(120), 4)); // late again

            List<TenantMetricRollup> rollups =
                    f.out(DerivedTopics.TENANT_METRICS_5M).readValuesToList();
            assertThat(rollups).extracting(TenantMetricRollup::sum).containsExactly(11.0, 15.0);
            assertThat(rollups).extracting(TenantMetricRollup::count).containsExactly(2L, 3L);
            assertThat(rollups.get(1).version()).isGreaterThan(rollups.get(0).version());
            assertThat(rollups.get(1).key()).isEqualTo(rollups.get(0).key());
        }

        @Test
        void theSameSamplesSentAgainByARestartedCollectorCountOnce() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            for (int pull = 0; pull < 2; pull++) {
                for (int minute = 0; minute < 10; minute++) {
                    raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0.plusSeconds(60L * minute), 2));
                }
                cover(f, A1, w0.plus(Duration.ofMinutes(10)));
            }

            assertThat(f.out(DerivedTopics.TENANT_METRICS_5M).readValuesToList())
                    .as("one emission per window, each of 5 datapoints")
                    .extracting(TenantMetricRollup::windowStart, TenantMetricRollup::sum)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(w0, 10.0),
                            org.assertj.core.groups.Tuple.tuple(w0.plusSeconds(300), 10.0));
        }

        @Test
        void aWindowWaitsForEveryAccountOfItsTenantAndIsEmittedOnceTheyAreCovered() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"), registration(A2, ACME, "gold"));
            cover(f, A1, w0);
            cover(f, A2, w0); // both accounts are being collected
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0, 1));
            raw(f).pipeInput(A2.value(), Fixture.metric(A2, "Invocations", w0, 10));
            TestOutputTopic<String, TenantMetricRollup> out = f.out(DerivedTopics.TENANT_METRICS_5M);

            cover(f, A1, w0.plus(Duration.ofMinutes(10)));
            assertThat(out.readValuesToList())
                    .as("A2 not collected past the window yet")
                    .isEmpty();
            cover(f, A2, w0.plus(Duration.ofMinutes(5)));

            List<TenantMetricRollup> rollups = out.readValuesToList();
            assertThat(rollups).hasSize(1);
            assertThat(rollups.getFirst().sum()).isEqualTo(11);
            assertThat(rollups.getFirst().complete()).isTrue();
        }

        @Test
        void samplesProcessedAfterTheRunThatCoveredThemStillMakeTheirWindowFinal() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            cover(f, A1, w0.plus(Duration.ofMinutes(10)));
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0, 2));
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0.plusSeconds(60), 3));

            assertThat(f.out(DerivedTopics.TENANT_METRICS_5M).readValuesToList())
                    .as("emitted at the first sample, then corrected by the second")
                    .extracting(TenantMetricRollup::sum)
                    .containsExactly(2.0, 5.0);
        }

        @Test
        void anAccountNoLongerCollectedStopsBlockingAfterTheStalenessAndTheWindowIsMarkedIncomplete() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"), registration(A2, ACME, "gold"));
            cover(f, A2, w0); // A2's last collection: then it becomes unobservable
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0, 1));
            TestOutputTopic<String, TenantMetricRollup> out = f.out(DerivedTopics.TENANT_METRICS_5M);

            cover(f, A1, w0.plus(Duration.ofMinutes(15)));
            assertThat(out.readValuesToList())
                    .as("A2 is 15 minutes behind: not stale yet")
                    .isEmpty();
            cover(f, A1, w0.plus(Duration.ofMinutes(16)));

            List<TenantMetricRollup> rollups = out.readValuesToList();
            assertThat(rollups).extracting(TenantMetricRollup::sum).containsExactly(1.0);
            assertThat(rollups.getFirst().complete()).isFalse();

            // A2 is collected again, with nothing for the window: the window is re-emitted, now complete
            cover(f, A2, w0.plus(Duration.ofMinutes(16)));
            assertThat(out.readValuesToList())
                    .extracting(TenantMetricRollup::sum, TenantMetricRollup::complete)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1.0, true));
        }

        @Test
        void aSingleLaggingAccountHoldsAWindowBackNoLongerThanTheMaximumWait() {
            StreamsAppConfig c = StreamsAppConfig.defaults()
                    .withRollups(new StreamsAppConfig.Rollups(
                            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6)));
            Fixture f = start(c);
            register(f, registration(A1, ACME, "gold"), registration(A2, ACME, "gold"));
            cover(f, A2, w0);
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0, 1));
            cover(f, A1, w0.plus(Duration.ofMinutes(34)));
            TestOutputTopic<String, TenantMetricRollup> out = f.out(DerivedTopics.TENANT_METRICS_5M);
            assertThat(out.readValuesToList()).isEmpty();

            cover(f, A1, w0.plus(Duration.ofMinutes(35)));
            assertThat(out.readValuesToList())
                    .extracting(TenantMetricRollup::sum, TenantMetricRollup::complete)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1.0, false));
        }

        @Test
        void quantilesAreExactAndLogErrorsAreRolledUp() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            for (int i = 1; i <= 100; i++) {
                raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Duration", w0.plusMillis(i * 1000L), i));
            }
            f.in(Topics.RAW_LOGS).pipeInput(A1.value(), Fixture.errors(A1, w0, 7));
            f.in(Topics.RAW_LOGS).pipeInput(A1.value(), Fixture.errors(A1, w0.plusSeconds(60), 5));
            cover(f, A1, w0.plus(Duration.ofMinutes(5)));

            Map<String, TenantMetricRollup> byMetric =
                    f.out(DerivedTopics.TENANT_METRICS_5M).readValuesToList().stream()
                            .collect(Collectors.toMap(TenantMetricRollup::metric, r -> r));
            assertThat(byMetric.get("Duration").p50()).isEqualTo(50.5);
            assertThat(byMetric.get("Duration").p90()).isCloseTo(90.1, within(1e-9));
            assertThat(byMetric.get("Duration").p99()).isCloseTo(99.01, within(1e-9));
            assertThat(byMetric.get("errors").sum()).isEqualTo(12);
            assertThat(byMetric.get("errors").namespace()).isEqualTo("tenantscope/logs");
        }

        @Test
        void rollupsAreStampedWithTheTimeTheyAreEmittedNotWithTheEventTimeOfTheirData() {
            // a topic's retention counts from the record timestamp: a rollup of month-old data stamped with its
            // event time is deleted by the broker before the sink reads it
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0, 3));
            f.driver.advanceWallClockTime(Duration.ofDays(30));
            Instant now = Instant.parse("2026-11-01T00:00:00Z").plus(Duration.ofDays(30));
            cover(f, A1, w0.plus(Duration.ofMinutes(60)));

            var five = f.out(DerivedTopics.TENANT_METRICS_5M).readRecordsToList();
            var hour = f.out(DerivedTopics.TENANT_METRICS_1H).readRecordsToList();
            assertThat(five).hasSize(1);
            assertThat(hour).hasSize(1);
            assertThat(five.getFirst().getRecordTime()).isEqualTo(now);
            assertThat(hour.getFirst().getRecordTime()).isEqualTo(now);
        }

        @Test
        void anHourRollsUpTheLatestValuesOfItsTwelveWindowsOnceCovered() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            for (int i = 0; i < 60; i++) {
                raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Duration", w0.plusSeconds(60L * i), i + 1));
            }
            cover(f, A1, w0.plus(Duration.ofMinutes(55)));
            TestOutputTopic<String, TenantMetricRollup> hours = f.out(DerivedTopics.TENANT_METRICS_1H);
            assertThat(hours.readValuesToList())
                    .as("the hour is not covered yet")
                    .isEmpty();
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Duration", w0.plusSeconds(60L * 59), 61)); // corrected
            cover(f, A1, w0.plus(Duration.ofMinutes(60)));

            List<TenantMetricRollup> emitted = hours.readValuesToList();
            assertThat(emitted).hasSize(1);
            TenantMetricRollup h = emitted.getFirst();
            assertThat(h.window()).isEqualTo("1h");
            assertThat(h.windowStart()).isEqualTo(w0);
            assertThat(h.count()).isEqualTo(60);
            assertThat(h.sum()).isEqualTo(60 * 61 / 2.0 + 1);
            assertThat(h.max()).isEqualTo(61);
            assertThat(h.p50()).isEqualTo(30.5);
            assertThat(h.complete()).isTrue();
        }

        @Test
        void aWindowWhoseDatapointsComeAfterItsHourWasEmittedReEmitsTheHour() {
            // a run's coverage and its samples travel on different topics: after a crash the survivor can process
            // the coverage of an hour before the samples of its last windows
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            // one datapoint per 5-minute window (a 300 s period)
            for (int i = 0; i < 10; i++) {
                raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Duration", w0.plusSeconds(300L * i), 1));
            }
            cover(f, A1, w0.plus(Duration.ofMinutes(60)));
            TestOutputTopic<String, TenantMetricRollup> hours = f.out(DerivedTopics.TENANT_METRICS_1H);
            assertThat(hours.readValuesToList())
                    .extracting(TenantMetricRollup::count)
                    .containsExactly(10L);

            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Duration", w0.plusSeconds(300L * 10), 1));
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Duration", w0.plusSeconds(300L * 11), 1));
            List<TenantMetricRollup> again = hours.readValuesToList();
            assertThat(again).isNotEmpty();
            assertThat(again.getLast().count())
                    .as("the hour with its last two windows")
                    .isEqualTo(12);
        }

        @Test
        void datapointsForWindowsNoLongerKeptAreCountedAndIgnored() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            cover(f, A1, w0.plus(Duration.ofHours(4)));
            raw(f).pipeInput(A1.value(), Fixture.metric(A1, "Invocations", w0, 1)); // hour ended 3h before

            assertThat(f.out(DerivedTopics.TENANT_METRICS_5M).readValuesToList())
                    .isEmpty();
            assertThat(f.counters.rollupDatapointsTooOld()).isEqualTo(1);
        }

        @Test
        void unknownAccountMetricsGoToUnassignedAndAreCounted() {
            Fixture f = start();
            raw(f).pipeInput(UNKNOWN.value(), Fixture.metric(UNKNOWN, "Invocations", w0, 1));
            assertThat(f.counters.unassignedRecords()).isEqualTo(1);
            cover(f, UNKNOWN, w0.plus(Duration.ofMinutes(5)));
            register(f, registration(UNKNOWN, GLOBEX, "gold"));
            raw(f).pipeInput(UNKNOWN.value(), Fixture.metric(UNKNOWN, "Invocations", w0.plusSeconds(3600), 1));
            cover(f, UNKNOWN, w0.plus(Duration.ofMinutes(65)));

            assertThat(f.out(DerivedTopics.TENANT_METRICS_5M).readValuesToList())
                    .extracting(TenantMetricRollup::tenant)
                    .containsExactly(TenantId.UNASSIGNED, GLOBEX);
        }
    }

    @Nested
    class Quotas {
        @Test
        void thresholdsOpenWarnThenCriticalAndCloseBelowHysteresis() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            TestInputTopic<String, dev.tenantscope.model.events.QuotaSample> raw = f.in(Topics.RAW_QUOTAS);
            double[] usage = {500, 820, 960, 790, 700};
            for (int i = 0; i < usage.length; i++) {
                // alternating direction keeps the linear trend flat enough not to forecast exhaustion
                raw.pipeInput(A1.value(), Fixture.quota(A1, 1000, usage[i], T0.plus(Duration.ofDays(i * 10L))));
            }
            List<Alert> alerts = f.out(DerivedTopics.ALERTS).readValuesToList();
            assertThat(alerts)
                    .extracting(Alert::severity, Alert::state)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(Alert.Severity.WARN, Alert.AlertState.OPEN),
                            org.assertj.core.groups.Tuple.tuple(Alert.Severity.CRITICAL, Alert.AlertState.OPEN),
                            org.assertj.core.groups.Tuple.tuple(Alert.Severity.WARN, Alert.AlertState.OPEN),
                            org.assertj.core.groups.Tuple.tuple(Alert.Severity.WARN, Alert.AlertState.CLOSED));
            assertThat(alerts)
                    .extracting(Alert::alertId)
                    .containsOnly(alerts.getFirst().alertId());
            assertThat(f.out(DerivedTopics.QUOTA_USAGE).readValuesToList()).hasSize(5);
        }

        @Test
        void risingTrendForecastsExhaustionWithinSevenDays() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            TestInputTopic<String, dev.tenantscope.model.events.QuotaSample> raw = f.in(Topics.RAW_QUOTAS);
            // +100 per day from 300: reaches 1000 seven days after the first sample, 5 days after the last
            for (int day = 0; day < 3; day++) {
                raw.pipeInput(A1.value(), Fixture.quota(A1, 1000, 300 + 100 * day, T0.plus(Duration.ofDays(day))));
            }
            List<Alert> alerts = f.out(DerivedTopics.ALERTS).readValuesToList();
            assertThat(alerts).hasSize(1);
            Alert a = alerts.getFirst();
            assertThat(a.severity()).isEqualTo(Alert.Severity.WARN);
            assertThat(a.value()).isCloseTo(0.5, within(1e-9));
            assertThat(a.forecastExhaustionAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
            assertThat(a.evidence()).contains("linear trend reaches the quota at 2026-11-09T10:00:00Z");
        }

        @Test
        void aRateQuotaRisingWithTrafficForecastsNoExhaustionButItsThresholdsStillApply() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            TestInputTopic<String, dev.tenantscope.model.events.QuotaSample> raw = f.in(Topics.RAW_QUOTAS);
            // calls per second rising with the day's traffic, as fast as the level quota above
            for (int day = 0; day < 3; day++) {
                raw.pipeInput(A1.value(), rate(300 + 100 * day, T0.plus(Duration.ofDays(day))));
            }
            assertThat(f.out(DerivedTopics.ALERTS).readValuesToList()).isEmpty();

            raw.pipeInput(A1.value(), rate(850, T0.plus(Duration.ofDays(3))));
            List<Alert> alerts = f.out(DerivedTopics.ALERTS).readValuesToList();
            assertThat(alerts).extracting(Alert::severity).containsExactly(Alert.Severity.WARN);
            assertThat(alerts.getFirst().forecastExhaustionAt()).isNull();
        }

        private static dev.tenantscope.model.events.QuotaSample rate(double usage, Instant ts) {
            return new dev.tenantscope.model.events.QuotaSample(
                    A1, "us-east-1", "lambda", "L-CALLS", "Rate of invoke calls", 1000, usage, ts, 1.0);
        }
    }

    @Nested
    class NoisyTenants {
        private final Instant w0 = Instant.parse("2026-11-02T00:00:00Z");

        @Test
        void opensOnOutlierAgainstHistoryAndCohortAndClosesWithHysteresis() {
            Fixture f = start();
            List<dev.tenantscope.model.AccountId> accounts = List.of(
                    A1,
                    A2,
                    dev.tenantscope.model.AccountId.of("333333333333"),
                    dev.tenantscope.model.AccountId.of("444444444444"));
            for (int i = 0; i < accounts.size(); i++) {
                register(f, registration(accounts.get(i), TenantId.of("t" + i), "gold"));
            }
            TestInputTopic<String, MetricSample> raw = f.in(Topics.RAW_METRICS);
            // t0's invocations per window: steady (past noisy.minHistory), spike, still high, back to normal
            double[] t0 = {100, 104, 98, 101, 99, 102, 100, 103, 97, 100, 101, 99, 102, 1000, 1000, 100};
            for (int w = 0; w < t0.length; w++) {
                Instant ts = w0.plus(Duration.ofMinutes(5L * w)).plusSeconds(30);
                for (int i = 0; i < accounts.size(); i++) {
                    double v = i == 0 ? t0[w] : 100 + i;
                    raw.pipeInput(accounts.get(i).value(), Fixture.metric(accounts.get(i), "Invocations", ts, v));
                }
                for (dev.tenantscope.model.AccountId a : accounts) { // each window collected: final
                    f.in(Topics.COLLECTOR_RUNS)
                            .pipeInput(
                                    a.value(),
                                    Fixture.covered(a, w0.plus(Duration.ofMinutes(5L * (w + 1))), "Invocations"));
                }
            }
            // a correction of the spike re-emits its window: not a new observation for the detector
            raw.pipeInput(
                    accounts.get(0).value(),
                    Fixture.metric(
                            accounts.get(0),
                            "Invocations",
                            w0.plus(Duration.ofMinutes(65)).plusSeconds(30),
                            1001));

            List<org.apache.kafka.streams.KeyValue<String, Alert>> keyed =
                    f.out(DerivedTopics.ALERTS).readKeyValuesToList();
            assertThat(keyed).extracting(kv -> kv.key).containsOnly("t0|AWS/Lambda Invocations");
            List<Alert> alerts = keyed.stream().map(kv -> kv.value).toList();
            assertThat(alerts)
                    .extracting(Alert::tenant, Alert::state)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(TenantId.of("t0"), Alert.AlertState.OPEN),
                            org.assertj.core.groups.Tuple.tuple(TenantId.of("t0"), Alert.AlertState.CLOSED));
            Alert open = alerts.getFirst();
            assertThat(open.value()).isEqualTo(1000);
            // the steady ~100 a window times noisy.minRatio (3) is the upper end of the expected range
            assertThat(open.expectedHigh()).isBetween(290.0, 320.0);
            assertThat(open.cohortPercentile()).isEqualTo(1.0);
            assertThat(open.openedAt()).isEqualTo(w0.plus(Duration.ofMinutes(70)));
            assertThat(alerts.get(1).closedAt()).isEqualTo(w0.plus(Duration.ofMinutes(80)));
            assertThat(open.evidence()).contains("p100 of tier 'gold'");
        }
    }

    /**
     * A tenant whose two accounts are collected hourly at different jittered slots (a standard signal): at the
     * first account's run the other is 25 minutes behind — stale for finality — so some windows are first emitted
     * with one account's share and others with both. The detector counts each window once every account within
     * rollups.maxWait has covered it, so it learns and judges the tenant's whole traffic (bench alerts: 124 of 173
     * noisy alerts were this, false).
     */
    @Nested
    class NoisyTenantsOfAccountsCollectedAtDifferentSlots {
        private final Instant h0 = Instant.parse("2026-11-02T00:00:00Z");
        private final dev.tenantscope.model.AccountId small = A1; // 5 invocations a window, collected at :05
        private final dev.tenantscope.model.AccountId large = A2; // 24 a window, collected at :40
        private final dev.tenantscope.model.AccountId other = dev.tenantscope.model.AccountId.of("333333333333");

        /** Each hour: every account's run at its slot, carrying its samples since its previous run. */
        private void hours(Fixture f, int from, int to, java.util.function.IntUnaryOperator spikeFactorOfWindow) {
            TestInputTopic<String, MetricSample> raw = f.in(Topics.RAW_METRICS);
            for (int h = from; h < to; h++) {
                for (int[] slot : new int[][] {{5, 0}, {20, 2}, {40, 1}}) {
                    Instant at = h0.plus(Duration.ofMinutes(60L * h + slot[0]));
                    dev.tenantscope.model.AccountId a = slot[1] == 0 ? small : slot[1] == 1 ? large : other;
                    double base = slot[1] == 0 ? 5 : slot[1] == 1 ? 24 : 100;
                    for (Instant w = at.minus(Duration.ofHours(1)); w.isBefore(at); w = w.plus(Duration.ofMinutes(5))) {
                        if (w.isBefore(h0)) {
                            continue;
                        }
                        int window = (int) (Duration.between(h0, w).toMinutes() / 5);
                        double v = a.equals(other) ? base : base * spikeFactorOfWindow.applyAsInt(window);
                        raw.pipeInput(a.value(), Fixture.metric(a, "Invocations", w.plusSeconds(30), v));
                    }
                    f.in(Topics.COLLECTOR_RUNS).pipeInput(a.value(), Fixture.covered(a, at, "Invocations"));
                }
            }
        }

        @Test
        void steadyTrafficOpensNothingAndARealBurstOfTheTenantStillOpens() {
            Fixture f = start();
            register(
                    f,
                    registration(small, TenantId.of("t0"), "gold"),
                    registration(large, TenantId.of("t0"), "gold"),
                    registration(other, TenantId.of("t1"), "gold"));
            hours(f, 0, 8, w -> 1);
            assertThat(f.out(DerivedTopics.ALERTS).readValuesToList())
                    .as("8 hours of steady traffic, windows first emitted with one account or both")
                    .isEmpty();

            int burst = 8 * 12 + 30; // two windows at 10:30, ten times the tenant's traffic on both accounts
            hours(f, 8, 12, w -> w == burst || w == burst + 1 ? 10 : 1);
            List<Alert> alerts = f.out(DerivedTopics.ALERTS).readValuesToList();
            assertThat(alerts)
                    .as("opened by the large account's run at 10:40, from its share so far (240): a lower bound")
                    .filteredOn(a -> a.state() == Alert.AlertState.OPEN)
                    .singleElement()
                    .satisfies(a -> {
                        assertThat(a.tenant()).isEqualTo(TenantId.of("t0"));
                        assertThat(a.value()).isEqualTo(240);
                        assertThat(a.evidence()).contains("sum so far 240.000");
                    });
        }
    }

    /**
     * Tenants collected every 15 minutes whose runs settle 10 minutes behind their pull (metrics.overlap): a Sum's
     * burst opens its alert from the first pull that has it — a lower bound, since later datapoints and corrections
     * only add — not 10 to 25 minutes later when its window is final. An Average, which later datapoints may lower,
     * waits for the final window.
     */
    @Nested
    class NoisyTenantsSeenEarly {
        private final Instant h0 = Instant.parse("2026-11-02T00:00:00Z");
        private final List<dev.tenantscope.model.AccountId> accounts = List.of(
                A1,
                A2,
                dev.tenantscope.model.AccountId.of("333333333333"),
                dev.tenantscope.model.AccountId.of("444444444444"));

        private Fixture tenants() {
            Fixture f = start();
            for (int i = 0; i < accounts.size(); i++) {
                register(f, registration(accounts.get(i), TenantId.of("t" + i), "gold"));
            }
            return f;
        }

        /**
         * The runs at h0 + {@code minute} of every account: each window of the last 25 minutes with its value so
         * far ({@code t0} for the first tenant's, 100 for the others'), settled 10 minutes behind.
         */
        private void runAt(Fixture f, int minute, String statistic, java.util.function.IntToDoubleFunction t0) {
            Instant at = h0.plus(Duration.ofMinutes(minute));
            for (int i = 0; i < accounts.size(); i++) {
                dev.tenantscope.model.AccountId a = accounts.get(i);
                for (int w = Math.max(0, minute / 5 - 5); w < minute / 5; w++) {
                    double v = i == 0 ? t0.applyAsDouble(w) : 100 + i;
                    Instant ts = h0.plus(Duration.ofMinutes(5L * w)).plusSeconds(30);
                    f.in(Topics.RAW_METRICS)
                            .pipeInput(
                                    a.value(),
                                    new MetricSample(
                                            a,
                                            "us-east-1",
                                            "AWS/Lambda",
                                            metric(statistic),
                                            Map.of(),
                                            statistic,
                                            60,
                                            ts,
                                            v));
                }
                f.in(Topics.COLLECTOR_RUNS)
                        .pipeInput(
                                a.value(),
                                Fixture.coveredAs(a, at.minus(Duration.ofMinutes(10)), statistic, metric(statistic)));
            }
        }

        private static String metric(String statistic) {
            return "Sum".equals(statistic) ? "Invocations" : "Duration";
        }

        @Test
        void aBurstOfASumOpensFromThePullThatFirstHasItAndClosesWhenItsFinalWindowsEnd() {
            Fixture f = tenants();
            int burst = 40; // the window 03:20-03:25, first pulled at 03:25 with 600 so far, 1,000 by the next pull
            java.util.function.IntToDoubleFunction early = w -> w == burst ? 600 : w == burst + 1 ? 1000 : 100;
            java.util.function.IntToDoubleFunction later = w -> w == burst || w == burst + 1 ? 1000 : 100;
            for (int minute = 15; minute <= 195; minute += 15) {
                runAt(f, minute, "Sum", later);
            }
            assertThat(f.out(DerivedTopics.ALERTS).readValuesToList())
                    .as("steady traffic")
                    .isEmpty();
            var rollups = f.out(DerivedTopics.TENANT_METRICS_5M);
            rollups.readValuesToList();

            runAt(f, 205, "Sum", early); // 03:25: settles through 03:15, so the burst window is not final
            List<Alert> opened = f.out(DerivedTopics.ALERTS).readValuesToList();
            assertThat(opened).singleElement().satisfies(a -> {
                assertThat(a.tenant()).isEqualTo(TenantId.of("t0"));
                assertThat(a.state()).isEqualTo(Alert.AlertState.OPEN);
                assertThat(a.value()).isEqualTo(600);
                assertThat(a.openedAt()).isEqualTo(h0.plus(Duration.ofMinutes(205)));
                assertThat(a.evidence()).contains("window 5m: sum so far 600.000");
            });
            assertThat(rollups.readValuesToList())
                    .as("a sum so far is never published")
                    .allSatisfy(r -> assertThat(r.windowStart()).isBefore(h0.plus(Duration.ofMinutes(195))));

            for (int minute = 220; minute <= 250; minute += 15) {
                runAt(f, minute, "Sum", later);
            }
            List<Alert> after = f.out(DerivedTopics.ALERTS).readValuesToList();
            assertThat(after)
                    .as("the final windows before and of the burst neither reopen nor close it; the first normal one"
                            + " after it closes it")
                    .singleElement()
                    .satisfies(a -> {
                        assertThat(a.state()).isEqualTo(Alert.AlertState.CLOSED);
                        assertThat(a.openedAt()).isEqualTo(h0.plus(Duration.ofMinutes(205)));
                        assertThat(a.closedAt()).isEqualTo(h0.plus(Duration.ofMinutes(215)));
                    });
        }

        @Test
        void anAverageWaitsForItsFinalWindow() {
            Fixture f = tenants();
            int spike = 40;
            java.util.function.IntToDoubleFunction t0 = w -> w == spike ? 1000 : 100;
            for (int minute = 15; minute <= 205; minute += 15) {
                runAt(f, minute, "Average", t0);
            }
            assertThat(f.out(DerivedTopics.ALERTS).readValuesToList())
                    .as("the spike pulled at 03:25 is not final yet")
                    .isEmpty();
            runAt(f, 220, "Average", t0); // settles through 03:30: the spike's window and the next are final
            List<Alert> alerts = f.out(DerivedTopics.ALERTS).readValuesToList();
            assertThat(alerts).extracting(Alert::state).containsExactly(Alert.AlertState.OPEN, Alert.AlertState.CLOSED);
            assertThat(alerts.getFirst()).satisfies(a -> {
                assertThat(a.openedAt()).isEqualTo(h0.plus(Duration.ofMinutes(205)));
                assertThat(a.evidence()).contains("window 5m: sum 1000.000");
            });
        }
    }

    /** The keys of the output topics are a contract with the sink and with users reading the topics. */
    @Nested
    class OutputKeys {
        @Test
        void costTopicsKeepTheirKeyText() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            f.in(Topics.RAW_COST).pipeInput(A1.value(), cost(A1, "2026-11-01", "Amazon EC2", "1.00", T0));

            assertThat(f.out(DerivedTopics.TENANT_COST_DAILY)
                            .readKeyValuesToMap()
                            .keySet())
                    .containsOnly("acme|111111111111|2026-11-01|Amazon EC2|Usage|workload||USD");
            assertThat(f.out(DerivedTopics.TENANT_COST_DAILY_SUMMARY)
                            .readKeyValuesToMap()
                            .keySet())
                    .containsOnly("acme|111111111111|2026-11-01");
        }

        @Test
        void quotaTopicsKeepTheirKeyTextAndAlertIds() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            f.in(Topics.RAW_QUOTAS).pipeInput(A1.value(), Fixture.quota(A1, 1000, 900, T0));

            assertThat(f.out(DerivedTopics.QUOTA_USAGE).readKeyValuesToMap().keySet())
                    .containsOnly("111111111111|us-east-1|lambda|L-B99A9384");
            TestRecord<String, Alert> alert = f.out(DerivedTopics.ALERTS).readRecord();
            assertThat(alert.key()).isEqualTo("acme|111111111111|us-east-1|lambda|L-B99A9384");
            assertThat(alert.value().alertId())
                    .isEqualTo("quota|111111111111|us-east-1|lambda|L-B99A9384|" + T0.toEpochMilli());
        }

        @Test
        void rollupTopicKeepsItsKeyText() {
            Fixture f = start();
            register(f, registration(A1, ACME, "gold"));
            TestInputTopic<String, MetricSample> raw = f.in(Topics.RAW_METRICS);
            raw.pipeInput(A1.value(), Fixture.metric(A1, "Invocations", T0.plusSeconds(10), 1));
            f.in(Topics.COLLECTOR_RUNS)
                    .pipeInput(A1.value(), Fixture.covered(A1, T0.plusSeconds(300), "Invocations")); // final

            assertThat(f.out(DerivedTopics.TENANT_METRICS_5M)
                            .readKeyValuesToMap()
                            .keySet())
                    .containsExactly("acme|5m|2026-11-02T10:00:00Z|AWS/Lambda|Invocations|us-east-1");
        }
    }

    @Test
    void poisonPillGoesToDeadLetterTopicAndProcessingContinues() {
        // TopologyTestDriver drops DLQ records under exactly_once_v2 (its mock transaction), so this one runs
        // at_least_once; the handler is the same either way.
        fx = new Fixture(StreamsAppConfig.defaults(), stateDir, false);
        Fixture f = fx;
        register(f, registration(A1, ACME, "gold"));
        TestInputTopic<byte[], byte[]> rawBytes =
                f.driver.createInputTopic(Topics.RAW_COST.name(), new ByteArraySerializer(), new ByteArraySerializer());
        rawBytes.pipeInput(A1.value().getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));
        f.in(Topics.RAW_COST).pipeInput(A1.value(), cost(A1, "2026-11-01", "Amazon EC2", "1.00", T0));

        assertThat(f.counters.deadLetters()).isEqualTo(1);
        assertThat(f.out(DerivedTopics.TENANT_COST_DAILY).readValuesToList()).hasSize(1);
        TestOutputTopic<byte[], byte[]> dlq =
                f.driver.createOutputTopic(Topics.DLQ.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        Map<String, String> headers = java.util.Arrays.stream(dead.headers().toArray())
                .collect(
                        Collectors.toMap(Header::key, h -> new String(h.value(), StandardCharsets.UTF_8), (a, b) -> b));
        assertThat(headers)
                .containsEntry(DeadLetterHandler.HEADER_TOPIC, Topics.RAW_COST.name())
                .containsEntry(DeadLetterHandler.HEADER_PARTITION, "0")
                .containsEntry(DeadLetterHandler.HEADER_OFFSET, "0");
        assertThat(headers.get(DeadLetterHandler.HEADER_ERROR)).contains("not JSON");
    }
}
