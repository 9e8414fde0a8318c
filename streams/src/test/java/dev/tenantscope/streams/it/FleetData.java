package dev.tenantscope.streams.it;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.Coverage;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.RunStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A small deterministic fleet: raw records, and the expected per-line and per-tenant totals computed independently
 * of the topology (the latest retrieval of each (account, day, service) wins, plus API spend). About half the
 * restated lines are produced newest first, as a re-pull racing an earlier one can deliver them: the latest
 * {@code retrievedAt} must win, not the last record produced.
 */
final class FleetData {
    static final List<String> SERVICES = List.of("Amazon EC2", "AWS Lambda", "AWS CloudTrail", "Amazon GuardDuty");
    static final LocalDate FIRST_DAY = LocalDate.parse("2026-10-27");
    static final int DAYS = 8;
    static final Instant METRICS_START = Instant.parse("2026-11-03T00:00:00Z");
    /** The service of the cost line the topology makes of the collector's API spend (streams README). */
    static final String COLLECTOR_SERVICE = "tenantscope collector";

    /** One raw record to produce: topic, key, value. */
    record Raw(String topic, String key, Object value) {}

    final List<AccountRegistration> registrations = new ArrayList<>();
    /** Registered only after all its records were produced: its cost must move from "unassigned" to it. */
    final AccountRegistration late;

    final List<Raw> records = new ArrayList<>();
    /** tenant|account|day|service → amount of every line with a non-zero amount, API spend under its own service. */
    final Map<String, BigDecimal> expectedLines = new TreeMap<>();
    /** Cost lines produced after a line of the same key retrieved later. */
    int producedOutOfOrder;

    final Map<String, BigDecimal> expectedTenantDay = new TreeMap<>();
    final Map<String, BigDecimal> expectedTenantMonth = new TreeMap<>();
    long expectedMetricSamples;
    long expectedMetricSum;

    FleetData(int tenants, int accountsPerTenant, long seed) {
        Random random = new Random(seed);
        for (int t = 0; t < tenants; t++) {
            for (int a = 0; a < accountsPerTenant; a++) {
                AccountId id = AccountId.of(String.format("%012d", 100_000_000_000L + t * 100L + a));
                registrations.add(registration(id, TenantId.of("tenant-" + t), t % 2 == 0 ? "gold" : "silver"));
            }
        }
        late = registration(AccountId.of("999999999999"), TenantId.of("tenant-0"), "gold");
        List<AccountRegistration> all = new ArrayList<>(registrations);
        all.add(late);
        Map<String, CostLine> latest = new TreeMap<>();
        for (AccountRegistration reg : all) {
            for (int d = 0; d < DAYS; d++) {
                LocalDate day = FIRST_DAY.plusDays(d);
                Instant firstPull = day.plusDays(1).atTime(6, 0).toInstant(ZoneOffset.UTC);
                for (String service : SERVICES) {
                    List<CostLine> versions = new ArrayList<>();
                    BigDecimal estimate = cents(random.nextInt(100_000));
                    versions.add(line(reg, day, service, estimate, true, firstPull));
                    // Cost Explorer restates most days the next day (October's all: AWS finishes the month before
                    // its close on the 8th), some after the month has closed.
                    if (random.nextInt(3) > 0 || YearMonth.from(day).equals(YearMonth.of(2026, 10))) {
                        versions.add(line(
                                reg,
                                day,
                                service,
                                estimate.add(cents(random.nextInt(2_000) - 1_000)),
                                false,
                                firstPull.plus(Duration.ofDays(1))));
                    }
                    if (YearMonth.from(day).equals(YearMonth.of(2026, 10)) && random.nextInt(4) == 0) {
                        versions.add(line(
                                reg,
                                day,
                                service,
                                cents(random.nextInt(100_000)),
                                false,
                                Instant.parse("2026-11-09T12:00:00Z")));
                    }
                    if (versions.size() > 1 && random.nextBoolean()) {
                        versions = versions.reversed(); // newest first: the older ones arrive late
                        producedOutOfOrder += versions.size() - 1;
                    }
                    for (CostLine line : versions) {
                        produceCost(reg, line, latest);
                    }
                }
                for (int run = 0; run < 4; run++) {
                    Instant started =
                            day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(6L * run));
                    BigDecimal spend = new BigDecimal("0.000123").multiply(BigDecimal.valueOf(1 + random.nextInt(50)));
                    records.add(new Raw(
                            "tenantscope.collector.runs",
                            reg.account().value(),
                            okRun(reg.account(), started, Money.usd(spend))));
                    add(reg.tenant(), day, spend);
                    expectedLines.merge(
                            reg.tenant().value() + "|" + reg.account().value() + "|" + day + "|" + COLLECTOR_SERVICE,
                            spend,
                            BigDecimal::add);
                }
            }
        }
        latest.forEach((key, line) -> {
            TenantId tenant = TenantId.of(key.substring(0, key.indexOf('|')));
            add(tenant, line.day(), line.amount().amount());
            expectedLines.merge(
                    tenant.value() + "|" + line.account().value() + "|" + line.day() + "|" + line.service(),
                    line.amount().amount(),
                    BigDecimal::add);
        });
        expectedLines.values().removeIf(v -> v.signum() == 0);
        for (AccountRegistration reg : registrations) {
            for (int i = 0; i < 60; i++) {
                int value = 1 + random.nextInt(10);
                records.add(new Raw(
                        "tenantscope.raw.metrics",
                        reg.account().value(),
                        new MetricSample(
                                reg.account(),
                                "us-east-1",
                                "AWS/Lambda",
                                "Invocations",
                                Map.of(),
                                "Sum",
                                60,
                                METRICS_START.plusSeconds(10L * i),
                                value)));
                expectedMetricSamples++;
                expectedMetricSum += value;
            }
        }
    }

    /**
     * The collector runs that say every account's metrics are settled through the end of the samples' hour: with
     * them every window, 5m and 1h, is final. Their spend is zero, so cost totals do not change.
     */
    List<Raw> closers() {
        List<Raw> out = new ArrayList<>();
        Instant settled = METRICS_START.plus(Duration.ofHours(1));
        for (AccountRegistration reg : registrations) {
            out.add(new Raw(
                    "tenantscope.collector.runs",
                    reg.account().value(),
                    new CollectorRun(
                            reg.account(),
                            "c1",
                            settled.plus(Duration.ofMinutes(10)),
                            100,
                            RunStatus.OK,
                            "",
                            1,
                            0,
                            Map.of(),
                            List.of(),
                            Money.usd("0"),
                            List.of(new Coverage(
                                    "us-east-1",
                                    "AWS/Lambda",
                                    "Invocations",
                                    "Sum",
                                    METRICS_START.minus(Duration.ofHours(1)),
                                    settled)))));
        }
        return out;
    }

    /** The raw metric samples alone: what a restarted collector, which forgot what it emitted, sends again. */
    List<Raw> metricRecords() {
        return records.stream()
                .filter(r -> r.topic().equals("tenantscope.raw.metrics"))
                .toList();
    }

    private static CostLine line(
            AccountRegistration reg,
            LocalDate day,
            String service,
            BigDecimal amount,
            boolean estimated,
            Instant retrievedAt) {
        return new CostLine(reg.account(), day, service, "", Money.usd(amount), estimated, retrievedAt);
    }

    /** Produces {@code line}; the expectation keeps, per key, the line retrieved last, whatever the order. */
    private void produceCost(AccountRegistration reg, CostLine line, Map<String, CostLine> latest) {
        records.add(new Raw("tenantscope.raw.cost", reg.account().value(), line));
        String key =
                reg.tenant().value() + "|" + line.day() + "|" + reg.account().value() + "|" + line.service();
        latest.merge(key, line, (kept, next) -> next.retrievedAt().isAfter(kept.retrievedAt()) ? next : kept);
    }

    private void add(TenantId tenant, LocalDate day, BigDecimal amount) {
        expectedTenantDay.merge(tenant.value() + "|" + day, amount, BigDecimal::add);
        expectedTenantMonth.merge(tenant.value() + "|" + YearMonth.from(day), amount, BigDecimal::add);
    }

    private static BigDecimal cents(int cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    private static AccountRegistration registration(AccountId id, TenantId tenant, String tier) {
        return new AccountRegistration(
                id, tenant, "", tier, "prod", AccountStatus.ACTIVE, List.of("us-east-1"), Instant.EPOCH);
    }

    /** A successful collector run of 100 ms and 10 calls with this API spend. */
    static CollectorRun okRun(AccountId account, Instant started, Money spend) {
        return new CollectorRun(account, "c1", started, 100, RunStatus.OK, "", 10, 0, Map.of(), List.of(), spend);
    }
}
