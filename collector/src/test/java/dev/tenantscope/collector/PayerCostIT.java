package dev.tenantscope.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.fleetsim.BillingLine;
import dev.tenantscope.fleetsim.FaultConfig;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.MeterSnapshot;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.CostPullCompleted;
import dev.tenantscope.model.topic.Topics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payer cost pull: one per fleet (the holder of accounts partition 0, elected by Kafka), published page by
 * page, resumed at a failed page. Real broker, fleet-sim through the real SDK clients; fleet-sim's meter counts
 * the Cost Explorer pages ($0.01 each).
 */
class PayerCostIT {
    static final Instant NOW = FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(2).plusHours(12));
    // fleet-sim answers 2,000 groups a page, as Cost Explorer pages (size undocumented)
    static final int GROUPS_PER_PAGE = 2_000;

    @TempDir
    Path dir;

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** The API budget per account-month the collector's plan is in force with, as its /metrics say. */
    static double budget(Collector c) {
        return c.scrape()
                .lines()
                .filter(l -> l.startsWith("tenantscope_collector_api_budget_usd_per_account_month"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(Double.NaN);
    }

    static Set<Instant> pulls(Fixture f) {
        return f.read(Topics.RAW_COST_PULLS).stream()
                .map(CostPullCompleted::retrievedAt)
                .collect(Collectors.toSet());
    }

    /**
     * GetCostAndUsage pages of the pulls that wrote {@code lines}: each pull (a range of the cost-pulls topic:
     * the regular window, a backfill month) runs one filtered query per record type, 2,000 groups a page.
     */
    static long pagesOf(List<CostLine> lines, List<CostPullCompleted> pulls) {
        Set<List<Object>> ranges = pulls.stream()
                .map(p -> List.<Object>of(p.from(), p.until(), p.retrievedAt()))
                .collect(Collectors.toSet());
        return lines.stream()
                .collect(Collectors.groupingBy(
                        l -> List.of(
                                ranges.stream()
                                        .filter(r -> !l.day().isBefore((LocalDate) r.get(0))
                                                && l.day().isBefore((LocalDate) r.get(1))
                                                && l.retrievedAt().equals(r.get(2)))
                                        .findFirst()
                                        .orElseThrow(() -> new AssertionError("no pull covers " + l)),
                                l.recordType()),
                        Collectors.counting()))
                .values()
                .stream()
                .mapToLong(n -> (n + GROUPS_PER_PAGE - 1) / GROUPS_PER_PAGE)
                .sum();
    }

    static long pagesOf(Fixture f) {
        return pagesOf(f.read(Topics.RAW_COST), f.read(Topics.RAW_COST_PULLS));
    }

    /** The distinct pulls (ranges) completed so far. */
    static long ranges(Fixture f) {
        return f.read(Topics.RAW_COST_PULLS).stream()
                .map(p -> p.from() + "/" + p.until() + "/" + p.retrievedAt())
                .distinct()
                .count();
    }

    @Test
    void onePullKeepsEveryBasisAndRecordTypeAsTheInvoiceLinesHaveThem() {
        try (Fixture f = new Fixture(dir, 40, NOW);
                Collector c = Collector.open(f.config("bases"), f.clock)) {
            c.sweepOnce();
            List<CostLine> lines = f.read(Topics.RAW_COST);
            Instant at = f.clock.instant();
            assertThat(lines).extracting(CostLine::retrievedAt).containsOnly(at);
            Map<String, CostLine> byKey = lines.stream().collect(Collectors.toMap(CostLine::key, l -> l));
            assertThat(byKey).as("each line once").hasSameSizeAs(lines);
            LocalDate from =
                    lines.stream().map(CostLine::day).min(LocalDate::compareTo).orElseThrow();
            LocalDate until = LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(1);
            Set<AccountId> accounts = lines.stream().map(CostLine::account).collect(Collectors.toSet());
            assertThat(accounts).contains(AccountId.of(f.sim.spec().managementAccount()));
            int compared = 0;
            for (AccountId a : accounts) {
                for (LocalDate d = from; d.isBefore(until); d = d.plusDays(1)) {
                    for (BillingLine t : f.sim.truth().billingLines(a, d, at)) {
                        CostLine got = byKey.get(a.value() + "|" + d + "|" + t.service() + "||" + t.recordType());
                        assertThat(got)
                                .as("%s %s %s %s", a, d, t.service(), t.recordType())
                                .isNotNull();
                        for (CostBasis b : CostBasis.values()) {
                            assertThat(got.amount(b).amount())
                                    .as("%s under %s", got.key(), b)
                                    .isEqualByComparingTo(t.amount(b));
                        }
                        assertThat(got.estimated()).isEqualTo(t.estimated());
                        compared++;
                    }
                }
            }
            Set<String> types = lines.stream().map(CostLine::recordType).collect(Collectors.toSet());
            System.out.println(compared + " lines equal fleet-sim's billing lines under every basis; record types "
                    + new java.util.TreeSet<>(types));
            assertThat(compared).isEqualTo(lines.size());
            assertThat(types).contains(CostLine.USAGE, "Tax").hasSizeGreaterThan(2);
            assertThat(lines)
                    .as("commitments make the bases differ")
                    .anySatisfy(l -> assertThat(l.amount(CostBasis.AMORTIZED).amount())
                            .isNotEqualByComparingTo(
                                    l.amount(CostBasis.UNBLENDED).amount()));
            // after the lines: one completion per account covered, for the pull's window and retrievedAt
            List<CostPullCompleted> done = f.read(Topics.RAW_COST_PULLS).stream()
                    .filter(p -> p.until().equals(until))
                    .toList();
            assertThat(done)
                    .extracting(CostPullCompleted::account)
                    .doesNotHaveDuplicates()
                    .containsAll(accounts);
            assertThat(done).allSatisfy(p -> {
                // November 3rd, before the finalisation day: October may still change, so it is re-pulled whole
                assertThat(p.from()).isEqualTo(LocalDate.parse("2026-10-01"));
                assertThat(p.retrievedAt()).isEqualTo(at);
            });
            MeterSnapshot m = f.sim.meter().snapshot();
            assertThat(m.calls("ce", "GetDimensionValues"))
                    .as("once per pull: the regular window and (a first start) the first backfill month")
                    .isEqualTo(ranges(f));
            assertThat(m.calls("ce", "GetCostAndUsage")).isEqualTo(pagesOf(f));
        }
    }

    /** The raw lines of one record type of {@code month}, latest value per line key, summed per account. */
    static Map<AccountId, BigDecimal> recordTypeTotals(Fixture f, java.time.YearMonth month, String recordType) {
        Map<String, CostLine> latest = new java.util.HashMap<>();
        f.read(Topics.RAW_COST).forEach(l -> latest.put(l.key(), l));
        Map<AccountId, BigDecimal> out = new java.util.TreeMap<>(java.util.Comparator.comparing(AccountId::value));
        latest.values().stream()
                .filter(l -> java.time.YearMonth.from(l.day()).equals(month)
                        && l.recordType().equals(recordType))
                .forEach(l ->
                        out.merge(l.account(), l.amount(CostBasis.UNBLENDED).amount(), BigDecimal::add));
        out.values().removeIf(v -> v.signum() == 0);
        return out;
    }

    /** The truth's amounts of one record type of {@code month} as billed at {@code asOf}, per account. */
    static Map<AccountId, BigDecimal> recordTypeTruth(
            Fixture f, java.time.YearMonth month, String recordType, Instant asOf) {
        var invoice = f.sim.truth().invoice(month, asOf);
        Map<AccountId, BigDecimal> out = new java.util.TreeMap<>(java.util.Comparator.comparing(AccountId::value));
        invoice.lines().stream()
                .filter(l -> l.basis() == CostBasis.UNBLENDED && l.recordType().equals(recordType))
                .forEach(l -> out.merge(l.account(), l.amount(), BigDecimal::add));
        out.values().removeIf(v -> v.signum() == 0);
        return out;
    }

    /**
     * A collector running across a month end gets what AWS adds to the finished month: the support fee (added on
     * the 6th or 7th, dated the 1st) by the finalisation day, and refunds added after the month is final at the
     * weekly re-pull — with the production defaults and no backfill to hide it.
     */
    @Test
    void chargesAwsAddsToAFinishedMonthReachTheTopicWithoutABackfill() {
        java.time.YearMonth october = java.time.YearMonth.of(2026, 10);
        Instant nov3 = Instant.parse("2026-11-03T12:00:00Z");
        try (Fixture f = new Fixture(dir, 120, nov3)) {
            CollectorConfig config = f.config("month-end");
            config = config.withCost(config.cost().withBackfillMonths(0));
            try (Collector c = Collector.open(config, f.clock)) {
                c.sweepOnce();
                assertThat(f.sim.truth().supportFeeAddedAt(october)).isAfter(nov3);
                assertThat(recordTypeTotals(f, october, "Support"))
                        .as("no fee yet on the 3rd")
                        .isEmpty();

                Instant nov8 = Instant.parse("2026-11-08T12:00:00Z");
                f.clock.set(nov8);
                c.sweepOnce();
                Map<AccountId, BigDecimal> fee = recordTypeTruth(f, october, "Support", nov8);
                assertThat(fee)
                        .as("fleet-sim bills October's support fee by the 8th")
                        .isNotEmpty();
                assertThat(recordTypeTotals(f, october, "Support")).isEqualTo(fee);

                Instant nov29 = Instant.parse("2026-11-29T12:00:00Z");
                Map<AccountId, BigDecimal> refunds = recordTypeTruth(f, october, "Refund", nov29);
                assertThat(refunds)
                        .as("fleet-sim refunds some October account-months after it is final")
                        .isNotEmpty();
                assertThat(recordTypeTruth(f, october, "Refund", nov8)).isEmpty();
                f.clock.set(nov29);
                c.sweepOnce();
                assertThat(recordTypeTotals(f, october, "Refund"))
                        .as("the 29th re-pulls October (8 + 3 × 7): its late refunds")
                        .isEqualTo(refunds);
            }
        }
    }

    @Test
    void betweenWeeklyMonthToDatePullsTheDailyPullCoversTheTrailingDays() {
        Instant nov10 = Instant.parse("2026-11-10T12:00:00Z");
        try (Fixture f = new Fixture(dir, 10, nov10)) {
            CollectorConfig config = f.config("month-to-date");
            config = config.withCost(config.cost().withBackfillMonths(0));
            assertThat(config.cost().monthToDateEvery()).isEqualTo(7);
            try (Collector c = Collector.open(config, f.clock)) {
                c.sweepOnce();
                f.clock.set(Instant.parse("2026-11-11T12:00:00Z"));
                c.sweepOnce();
                f.clock.set(Instant.parse("2026-11-17T12:00:00Z"));
                c.sweepOnce();
            }
            f.clock.set(Instant.parse("2026-11-18T12:00:00Z"));
            try (Collector restarted = Collector.open(config, f.clock)) {
                restarted.sweepOnce();
            }
            assertThat(f.read(Topics.RAW_COST_PULLS).stream() // one completion per covered account
                            .sorted(java.util.Comparator.comparing(CostPullCompleted::retrievedAt))
                            .map(p -> p.from() + "/" + p.until())
                            .distinct()
                            .toList())
                    .containsExactly(
                            "2026-11-01/2026-11-11", // the first pull since start: the month to date
                            "2026-11-06/2026-11-12", // the next day: the 5 trailing days
                            "2026-11-01/2026-11-18", // a week after the last month-to-date pull
                            "2026-11-01/2026-11-19"); // a restart knows no last one: the month to date
        }
    }

    @Test
    void twoRunningCollectorsMakeOnePayerPullPerIntervalBetweenThem() throws Exception {
        try (Fixture f = new Fixture(dir, 60, NOW)) {
            try (Collector a = Collector.start(f.config("collector-a"), f.clock)) {
                await("a's first payer pull", () -> !pulls(f).isEmpty());
                try (Collector b = Collector.start(f.config("collector-b"), f.clock)) {
                    await(
                            "both collectors to hold partitions",
                            () -> !a.ownedPartitions().isEmpty()
                                    && !b.ownedPartitions().isEmpty()
                                    && a.ownedPartitions().size()
                                                    + b.ownedPartitions().size()
                                            == 4);
                    Thread.sleep(5_000); // ticks of both schedulers, whichever now holds partition 0
                    List<CostLine> lines = f.read(Topics.RAW_COST);
                    System.out.println("partitions a=" + a.ownedPartitions() + " b=" + b.ownedPartitions() + ": "
                            + lines.size() + " cost lines, "
                            + f.sim.meter().snapshot().calls("ce", "GetCostAndUsage") + " Cost Explorer pages");
                    assertThat(pulls(f))
                            .as("one payer pull so far, not one per instance")
                            .hasSize(1);
                    assertThat(lines)
                            .extracting(CostLine::retrievedAt)
                            .containsOnly(pulls(f).iterator().next());
                    assertThat(f.sim.meter().snapshot().calls("ce", "GetCostAndUsage"))
                            .isEqualTo(pagesOf(f));

                    // the next interval: exactly one more pull between the two
                    f.sim.meter().reset();
                    f.clock.advance(Duration.ofDays(2));
                    await("the next interval's pull", () -> pulls(f).size() == 2);
                    Thread.sleep(5_000);
                    Instant second = f.clock.instant();
                    List<CostLine> secondLines = f.read(Topics.RAW_COST).stream()
                            .filter(l -> l.retrievedAt().equals(second))
                            .toList();
                    assertThat(pulls(f)).hasSize(2).contains(second);
                    assertThat(f.sim.meter().snapshot().calls("ce", "GetCostAndUsage"))
                            .isEqualTo(pagesOf(secondLines, f.read(Topics.RAW_COST_PULLS)));

                    // the budget floor is the fleet's: each instance plans with its share, the one without the
                    // payer pull too (from its share of the accounts partitions), not with the whole floor
                    long fleet = f.read(Topics.ACCOUNTS).stream()
                            .map(r -> r.account())
                            .distinct()
                            .count();
                    double share = CollectorConfig.defaults()
                                    .schedule()
                                    .budgetFloorPerMonth()
                                    .doubleValue()
                            / fleet;
                    for (Collector c : List.of(a, b)) {
                        await(
                                "a budget near the floor's share per account, $" + share + " (" + fleet
                                        + " accounts); scrape: " + budget(c),
                                () -> budget(c) > share / 1.5 && budget(c) < share * 1.5);
                    }
                }
            }
        }
    }

    @Test
    void aThrottledLatePageKeepsThePagesPaidForAndTheNextPullResumesThere() {
        try (Fixture f = new Fixture(dir, 200, NOW)) {
            CollectorConfig c = f.config("resume");
            var l = c.limits();
            var d = c.discovery();
            c = c.withLimits(new CollectorConfig.Limits(
                            l.globalTps(),
                            l.apiTps(),
                            l.defaultApiTps(),
                            1, // no retries: every throttle stops the pull at its page
                            l.baseBackoff(),
                            l.maxBackoff(),
                            l.accountTimeout(),
                            l.maxInFlight()))
                    // one pull is the subject: no backfill steps (CostBackfillIT) between its attempts
                    .withCost(c.cost().withBackfillMonths(0))
                    .withDiscovery(new CollectorConfig.Discovery(
                            CollectorConfig.DiscoveryMode.OFF,
                            null,
                            d.tenantTag(),
                            d.tierTag(),
                            d.environmentTag(),
                            d.interval()));
            f.sim.faults().set(FaultConfig.none().withThrottle("ce:GetCostAndUsage", 0.4));
            int attempts = 0;
            boolean stoppedAfterPublishing = false;
            try (Collector collector = Collector.open(c, f.clock)) {
                while (pulls(f).isEmpty()) {
                    assertThat(++attempts).as("attempts to finish one pull").isLessThan(60);
                    collector.sweepOnce();
                    if (pulls(f).isEmpty() && !f.read(Topics.RAW_COST).isEmpty()) {
                        stoppedAfterPublishing = true;
                    }
                }
            }
            MeterSnapshot m = f.sim.meter().snapshot();
            long calls = m.calls("ce", "GetCostAndUsage");
            long throttled = m.entries().stream()
                    .filter(e -> e.service().equals("ce"))
                    .mapToLong(MeterSnapshot.Entry::throttled)
                    .sum();
            List<CostLine> lines = f.read(Topics.RAW_COST);
            System.out.println(attempts + " attempts, " + calls + " Cost Explorer calls (" + throttled + " throttled), "
                    + lines.size() + " lines");
            long pages = pagesOf(lines, f.read(Topics.RAW_COST_PULLS));
            assertThat(pages).as("pulls of several pages").isGreaterThanOrEqualTo(4);
            assertThat(throttled).as("the fault hit").isPositive();
            assertThat(stoppedAfterPublishing)
                    .as("a pull stopped at a late page had already published its earlier pages")
                    .isTrue();
            assertThat(calls - throttled)
                    .as("each page paid for exactly once: resumed at the failed page, never from the start")
                    .isEqualTo(pages);
            assertThat(lines.stream().map(CostLine::key).distinct().count())
                    .as("no line published twice")
                    .isEqualTo(lines.size());
            assertThat(lines)
                    .extracting(CostLine::retrievedAt)
                    .containsOnly(pulls(f).iterator().next());
        }
    }
}
