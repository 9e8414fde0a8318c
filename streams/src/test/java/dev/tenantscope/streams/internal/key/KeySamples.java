package dev.tenantscope.streams.internal.key;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.rollup.CostCategory;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/** One sample of every key kind, by name: the golden-bytes fixture {@code keys/golden.txt} holds their bytes. */
final class KeySamples {
    static final AccountId A1 = AccountId.of("111111111111");
    static final TenantId ACME = TenantId.of("acme");
    static final LocalDate DAY = LocalDate.parse("2026-11-01");

    record Sample<K>(K key, Serde<K> serde) {
        byte[] bytes() {
            return serde.serializer().serialize("t", key);
        }

        Object roundTrip() {
            return serde.deserializer().deserialize("t", bytes());
        }
    }

    private KeySamples() {}

    static Map<String, Sample<?>> all() {
        DailyCostKey daily =
                new DailyCostKey(ACME, A1, DAY, "Amazon EC2", "Usage", CostCategory.BASELINE, "security", "USD");
        CohortKey cohort = new CohortKey("gold", "AWS/Lambda", "Errors");
        CostKey line = new CostKey(A1, DAY, "Amazon EC2", "USE1-BoxUsage:t3.micro", "Usage", null);
        Map<String, Sample<?>> m = new LinkedHashMap<>();
        m.put("CostKey", new Sample<>(line, CostKey.SERDE));
        m.put("CostKey.shared", new Sample<>(line.sharedWith(TenantId.of("globex")), CostKey.SERDE));
        m.put("AccountDayKey", new Sample<>(new AccountDayKey(A1, DAY), AccountDayKey.SERDE));
        m.put("DailyCostKey", new Sample<>(daily, DailyCostKey.SERDE));
        m.put("TenantAccountDayKey", new Sample<>(new TenantAccountDayKey(ACME, A1, DAY), TenantAccountDayKey.SERDE));
        m.put("MonthRowKey", new Sample<>(new MonthRowKey(YearMonth.of(2026, 10), daily), MonthRowKey.SERDE));
        m.put("SignalKey", new Sample<>(new SignalKey(ACME, "AWS/Lambda", "Duration.p99"), SignalKey.SERDE));
        m.put("CohortKey", new Sample<>(cohort, CohortKey.SERDE));
        m.put("CohortMemberKey", new Sample<>(new CohortMemberKey(cohort, ACME), CohortMemberKey.SERDE));
        m.put("QuotaKey", new Sample<>(new QuotaKey(A1, "us-east-1", "lambda", "L-B99A9384"), QuotaKey.SERDE));
        m.put("SharedUsageKey.Line", new Sample<SharedUsageKey>(new SharedUsageKey.Line(line), SharedUsageKey.SERDE));
        m.put(
                "SharedUsageKey.DayTotal",
                new Sample<SharedUsageKey>(new SharedUsageKey.DayTotal(DAY, ACME), SharedUsageKey.SERDE));
        RollupWindowKey window = new RollupWindowKey(
                ACME,
                "AWS/Lambda",
                "Invocations",
                "us-east-1",
                java.time.Instant.parse("2026-11-02T10:05:00Z").toEpochMilli());
        m.put("RollupWindowKey", new Sample<>(window, RollupWindowKey.SERDE));
        m.put("CoverageKey", new Sample<>(CoverageKey.of(window, A1.value()), CoverageKey.SERDE));
        m.put(
                "RollupPointKey",
                new Sample<>(new RollupPointKey(window, A1.value() + "|fn-a|1793527500000"), RollupPointKey.SERDE));
        CostLineKey costLine = new CostLineKey(new CostCohortKey("gold", "AWS Lambda"), ACME, A1);
        m.put("CostCohortKey", new Sample<>(costLine.cohort(), CostCohortKey.SERDE));
        m.put("CostLineKey", new Sample<>(costLine, CostLineKey.SERDE));
        m.put("CostLineDayKey", new Sample<>(new CostLineDayKey(costLine, DAY), CostLineDayKey.SERDE));
        return m;
    }
}
