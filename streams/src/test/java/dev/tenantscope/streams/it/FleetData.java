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
 * A small deterministic fleet: raw records in production order, and the expected per-tenant totals computed
 * independently of the topology (the last retrieval of each (account, day, service) wins, plus API spend).
 */
final class FleetData {
    static final List<String> SERVICES = List.of("Amazon EC2", "AWS Lambda", "AWS CloudTrail", "Amazon GuardDuty");
    static final LocalDate FIRST_DAY = LocalDate.parse("2026-10-27");
    static final int DAYS = 8;
    static final Instant METRICS_START = Instant.parse("2026-11-03T00:00:00Z");

    /** One raw record to produce: topic, key, value. */
    record Raw(String topic, String key, Object value) {}

    final List<AccountRegistration> registrations = new ArrayList<>();
    /** Registered only after all its records were produced: its cost must move from "unassigned" to it. */
    final AccountRegistration late;

    final List<Raw> records = new ArrayList<>();
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
        Map<String, Map<String, BigDecimal>> latest = new TreeMap<>();
        for (AccountRegistration reg : all) {
            for (int d = 0; d < DAYS; d++) {
                LocalDate day = FIRST_DAY.plusDays(d);
                Instant firstPull = day.plusDays(1).atTime(6, 0).toInstant(ZoneOffset.UTC);
                for (String service : SERVICES) {
                    BigDecimal estimate = cents(random.nextInt(100_000));
                    cost(reg, day, service, estimate, true, firstPull, latest);
                    // Cost Explorer restates most days the next day (October's all: AWS finishes the month before
                    // its close on the 8th), some after the month has closed.
                    if (random.nextInt(3) > 0 || YearMonth.from(day).equals(YearMonth.of(2026, 10))) {
                        cost(
                                reg,
                                day,
                                service,
                                estimate.add(cents(random.nextInt(2_000) - 1_000)),
                                false,
                                firstPull.plus(Duration.ofDays(1)),
                                latest);
                    }
                    if (YearMonth.from(day).equals(YearMonth.of(2026, 10)) && random.nextInt(4) == 0) {
                        cost(
                                reg,
                                day,
                                service,
                                cents(random.nextInt(100_000)),
                                false,
                                Instant.parse("2026-11-09T12:00:00Z"),
                                latest);
                    }
                }
                for (int run = 0; run < 4; run++) {
                    Instant started =
                            day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(6L * run));
                    BigDecimal spend = new BigDecimal("0.000123").multiply(BigDecimal.valueOf(1 + random.nextInt(50)));
                    records.add(new Raw(
                            "tenantscope.collector.runs",
                            reg.account().value(),
                            new CollectorRun(
                                    reg.account(),
                                    "c1",
                                    started,
                                    100,
                                    RunStatus.OK,
                                    "",
                                    10,
                                    0,
                                    Map.of(),
                                    List.of(),
                                    Money.usd(spend))));
                    add(reg.tenant(), day, spend);
                }
            }
        }
        latest.forEach((key, v) -> {
            String[] parts = key.split("\\|");
            add(
                    TenantId.of(parts[0]),
                    LocalDate.parse(parts[1]),
                    v.values().iterator().next());
        });
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

    private void cost(
            AccountRegistration reg,
            LocalDate day,
            String service,
            BigDecimal amount,
            boolean estimated,
            Instant retrievedAt,
            Map<String, Map<String, BigDecimal>> latest) {
        records.add(new Raw(
                "tenantscope.raw.cost",
                reg.account().value(),
                new CostLine(reg.account(), day, service, "", Money.usd(amount), estimated, retrievedAt)));
        String key = reg.tenant().value() + "|" + day + "|" + reg.account().value() + "|" + service;
        latest.put(key, Map.of(retrievedAt.toString(), amount));
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
}
