package dev.tenantscope.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The figures each panel must show for {@code demo-data.sql}, worked out here from the generator's formulas (not
 * from the panels' SQL): a panel that sums the wrong column, filters the wrong status or divides by the wrong count
 * shows another figure. Money made from the generator's floats is compared within a hair (ClickHouse converts
 * each float to Decimal(18, 6)); counts exactly. Keyed "dashboard / panel (type)".
 */
final class PanelFigures {
    private static final int ACCOUNTS = 60;
    /** Days of a 30-day range under {@code $__dateFilter}: today and the 30 before it. */
    private static final int DAYS_30 = 31;
    /** Runs of each account inside a 6-hour range: one every 10 minutes, the 37th starts 6 h + 7a s ago. */
    private static final int RUNS_6H = 36;

    private static final double[] WORKLOAD = {4.2, 1.1, 0.6, 0.9};
    /** audit, compliance, security, kms, alarms-and-logs, observation */
    private static final double[] BASELINE = {0.07, 0.12, 0.15, 0.03, 0.05, 0.004};

    private PanelFigures() {}

    static Map<String, Consumer<List<Map<String, Object>>>> expected() {
        Map<String, Consumer<List<Map<String, Object>>>> m = new LinkedHashMap<>();
        fleetHealth(m);
        collector(m);
        baseline(m);
        noisy(m);
        quotas(m);
        tenantCost(m);
        return m;
    }

    private static void fleetHealth(Map<String, Consumer<List<Map<String, Object>>>> m) {
        String d = "tenantscope · Fleet health / ";
        m.put(
                d + "Accounts by status (stat)",
                rows -> assertThat(pairs(rows, "status", "accounts"))
                        .containsExactly(
                                Map.entry("ACTIVE", "57"), Map.entry("CLOSED", "1"), Map.entry("SUSPENDED", "2")));
        m.put(
                d + "Unobservable active accounts (stat)",
                rows -> assertThat(count(rows, "unobservable")).isEqualTo(accounts(a -> active(a) && unobservable(a))));
        // never collected, or last collected 2a minutes before the data was loaded: a >= 30 is over an hour old
        m.put(
                d + "Stale active accounts (> 1h since collected) (stat)",
                rows -> assertThat(count(rows, "stale"))
                        .isEqualTo(accounts(a -> active(a) && (unobservable(a) || a >= 30))));
        m.put(
                d + "Open alerts (stat)",
                rows -> assertThat(pairs(rows, "alert", "open"))
                        .containsExactly(
                                Map.entry("noisy · critical", "1"),
                                Map.entry("noisy · warn", "1"),
                                Map.entry("quota · critical", "1"),
                                Map.entry("quota · warn", "2")));
        m.put(
                d + "Accounts not fully observable (table)",
                rows -> assertThat(rows).hasSize(accounts(a -> !active(a) || unobservable(a))));
    }

    private static void collector(Map<String, Consumer<List<Map<String, Object>>>> m) {
        String d = "tenantscope · Collector self-monitoring / ";
        m.put(d + "API spend in range (stat)", rows -> assertMoney(rows, "spend", RUNS_6H * spendPerRound()));
        // the rate runs from the oldest run in range: 35 runs and 59 × 7 s before the data was loaded
        m.put(
                d + "Projected API spend per account per 30 days (stat)",
                rows -> assertThat(dec(rows.getFirst(), "per_account_30d").doubleValue())
                        .isCloseTo(
                                RUNS_6H * spendPerRound() * 86_400 * 30 / (35 * 600 + 59 * 7) / ACCOUNTS,
                                within(2e-4)));
        m.put(
                d + "Throttled share of calls (stat)",
                rows -> assertThat(dec(rows.getFirst(), "throttled_share").doubleValue())
                        .isCloseTo(
                                (double) throttledAccounts().size() * 8 * 4 / (RUNS_6H * callsPerRound()),
                                within(1e-9)));
        // the oldest active observable account is 58: collected 116 minutes before the data was loaded
        m.put(
                d + "Oldest collection among active accounts (stat)",
                rows -> assertThat(count(rows, "oldest_age")).isBetween(116L * 60, 116L * 60 + 60));
        m.put(d + "Most throttled accounts (table)", rows -> {
            assertThat(rows).extracting(r -> r.get("account_id").toString()).hasSameElementsAs(throttledAccounts());
            assertThat(rows)
                    .allSatisfy(r -> assertThat(count(r, "throttled_calls")).isEqualTo(8 * 4));
        });
    }

    private static void baseline(Map<String, Consumer<List<Map<String, Object>>>> m) {
        String d = "tenantscope · Baseline overhead per account / ";
        double fleetBaseline30 = sum(BASELINE) * accountFactors() * dayFactors(DAYS_30);
        m.put(
                d + "Baseline per account per 30 days (stat)",
                rows -> assertMoney(rows, "baseline_per_account_30d", fleetBaseline30 * 30 / DAYS_30 / ACCOUNTS));
        // all 288 runs of every account are inside 30 days; the oldest started 287 × 600 + 59 × 7 s before loading
        m.put(
                d + "Observation cost per account per 30 days (stat)",
                rows -> assertThat(dec(rows.getFirst(), "api_spend_per_account_30d")
                                .doubleValue())
                        .isCloseTo(
                                288 * spendPerRound() * 86_400 * 30 / (287 * 600 + 59 * 7) / ACCOUNTS, within(1e-4)));
        m.put(
                d + "Baseline share of total cost (stat)",
                rows -> assertThat(dec(rows.getFirst(), "baseline_share").doubleValue())
                        .isCloseTo(sum(BASELINE) / (sum(BASELINE) + sum(WORKLOAD)), within(1e-6)));
        m.put(d + "Baseline components (table)", rows -> {
            assertThat(rows)
                    .extracting(r -> r.get("component").toString())
                    .containsExactly("security", "compliance", "audit", "alarms-and-logs", "kms", "observation");
            assertThat(rows).allSatisfy(r -> assertThat(count(r, "accounts")).isEqualTo(ACCOUNTS));
            assertThat(dec(rows.getFirst(), "cost").doubleValue())
                    .isCloseTo(0.15 * accountFactors() * dayFactors(DAYS_30), within(0.01));
        });
        m.put(d + "Baseline overhead per account (table)", rows -> {
            assertThat(rows).hasSize(ACCOUNTS);
            // accounts with a % 5 = 4 cost five times the base
            assertThat(dec(rows.getFirst(), "baseline").doubleValue())
                    .isCloseTo(sum(BASELINE) * 5 * dayFactors(DAYS_30), within(0.001));
            assertThat(Long.parseLong(rows.getFirst().get("account_id").toString()) % 5)
                    .isEqualTo(4);
        });
        m.put(d + "Observation cost per account (API spend) (table)", rows -> {
            assertThat(rows).hasSize(ACCOUNTS);
            assertMoney(rows, "spend", 288 * 30 * 0.00001); // a % 7 = 6 spends the most per run
        });
    }

    private static void noisy(Map<String, Consumer<List<Map<String, Object>>>> m) {
        String d = "tenantscope · Noisy tenants / ";
        m.put(
                d + "Open noisy-tenant alerts (stat)",
                rows -> assertThat(count(rows, "open_alerts")).isEqualTo(2));
        m.put(
                d + "Open noisy-tenant alerts (table)",
                rows -> assertThat(rows)
                        .extracting(r -> r.get("tenant_id") + " " + r.get("subject") + " " + r.get("severity"))
                        .containsExactly("t-007 AWS/Lambda Errors critical", "t-007 AWS/ApiGateway 5XXError warn"));
        // t-007's error signals are twenty times everyone else's
        m.put(
                d + "Error signals by tenant (5-minute windows) (table)",
                rows -> assertThat(rows.subList(0, 3))
                        .extracting(r -> r.get("tenant_id") + " " + r.get("metric"))
                        .containsExactlyInAnyOrder("t-007 Errors", "t-007 5XXError", "t-007 errors"));
    }

    private static void quotas(Map<String, Consumer<List<Map<String, Object>>>> m) {
        String d = "tenantscope · Quotas / ";
        // only a % 10 = 3 climbs: from its base 0.2 + 0.1 (a % 6) by 0.6 to at least 0.9 now, on all three quotas
        m.put(
                d + "Quotas at or above 80% (stat)",
                rows -> assertThat(count(rows, "quotas_over_80")).isEqualTo(accounts(a -> a % 10 == 3) * 3L));
        m.put(
                d + "Open quota alerts (stat)",
                rows -> assertThat(pairs(rows, "severity", "open_alerts"))
                        .containsExactly(Map.entry("critical", "1"), Map.entry("warn", "2")));
        m.put(
                d + "Forecast to run out within 7 days (stat)",
                rows -> assertThat(count(rows, "exhausting_soon")).isEqualTo(2));
        m.put(d + "Highest utilisation (latest sample) (table)", rows -> {
            assertThat(dec(rows.getFirst(), "latest_utilisation").doubleValue()).isCloseTo(0.99, within(1e-9));
            // 0.2 + 0.1 (a % 6) + 0.6 reaches the 0.99 cap for a % 10 = 3 with a % 6 >= 2
            assertThat(rows.getFirst().get("account_id").toString())
                    .isIn("100000000003", "100000000023", "100000000033", "100000000053");
        });
        m.put(
                d + "Open quota alerts (table)",
                rows -> assertThat(rows)
                        .extracting(r -> r.get("account_id").toString())
                        .containsExactly("100000000003", "100000000013", "100000000023"));
    }

    private static void tenantCost(Map<String, Consumer<List<Map<String, Object>>>> m) {
        // $tenant is the first tenant, t-001: accounts 0, 20 and 40, each at the base price (a % 5 = 0)
        String d = "tenantscope · Per-tenant cost / ";
        double days = dayFactors(DAYS_30);
        m.put(
                d + "Cost in range (stat)",
                rows -> assertMoney(rows, "cost", 3 * (sum(WORKLOAD) + sum(BASELINE)) * days));
        m.put(d + "Baseline overhead in range (stat)", rows -> assertMoney(rows, "baseline", 3 * sum(BASELINE) * days));
        m.put(
                d + "Baseline share (stat)",
                rows -> assertThat(dec(rows.getFirst(), "baseline_share").doubleValue())
                        .isCloseTo(sum(BASELINE) / (sum(BASELINE) + sum(WORKLOAD)), within(1e-6)));
        m.put(
                d + "Accounts (stat)",
                rows -> assertThat(count(rows, "active_accounts")).isEqualTo(3));
        m.put(d + "Daily cost: workload, baseline, fees, tax, credits (barchart)", rows -> {
            assertThat(rows).hasSize(DAYS_30);
            double workload = rows.stream()
                    .mapToDouble(r -> dec(r, "workload").doubleValue())
                    .sum();
            double baseline = rows.stream()
                    .mapToDouble(r -> dec(r, "baseline").doubleValue())
                    .sum();
            assertThat(workload).isCloseTo(3 * sum(WORKLOAD) * days, within(0.01));
            assertThat(baseline).isCloseTo(3 * sum(BASELINE) * days, within(0.01));
        });
        m.put(d + "Cost by account and service (table)", rows -> {
            assertThat(rows).hasSize(3 * (WORKLOAD.length + BASELINE.length));
            assertThat(dec(rows.getFirst(), "cost").doubleValue()).isCloseTo(4.2 * days, within(0.001));
        });
        m.put(d + "Closed months (frozen) (table)", rows -> {
            assertThat(rows).hasSize(1);
            assertThat(dec(rows.getFirst(), "frozen_cost").doubleValue())
                    .isCloseTo(3 * (sum(WORKLOAD) + sum(BASELINE)) * lastMonthDayFactors(), within(0.01));
        });
        // EC2 on the 27th and 28th of the closed month, per account
        m.put(d + "Restatements after close (table)", rows -> {
            assertThat(rows).hasSize(3 * 2);
            assertThat(rows).allSatisfy(r -> assertThat(dec(r, "delta")).isEqualByComparingTo("0.25"));
        });
    }

    private static boolean active(int a) {
        return a % 29 != 28 && a != 59;
    }

    private static boolean unobservable(int a) {
        return a % 13 == 12;
    }

    private static int accounts(java.util.function.IntPredicate p) {
        return (int) IntStream.range(0, ACCOUNTS).filter(p).count();
    }

    private static Set<String> throttledAccounts() {
        Set<String> out = new TreeSet<>();
        IntStream.range(0, ACCOUNTS).filter(a -> a % 11 == 0).forEach(a -> out.add(String.valueOf(100000000000L + a)));
        return out;
    }

    /** API spend of one run of every account. */
    private static double spendPerRound() {
        return IntStream.range(0, ACCOUNTS)
                .mapToDouble(a -> (24 + a % 7) * 0.00001)
                .sum();
    }

    /** Calls of one run of every account: an unobservable account makes one (the failed AssumeRole). */
    private static double callsPerRound() {
        return IntStream.range(0, ACCOUNTS)
                .map(a -> unobservable(a) ? 1 : 24 + a % 7)
                .sum();
    }

    /** Σ over accounts of 1 + a % 5. */
    private static double accountFactors() {
        return IntStream.range(0, ACCOUNTS).map(a -> 1 + a % 5).sum();
    }

    /** Σ over the {@code n} most recent days (d = 0 is today) of 1 + (d % 7) / 10. */
    private static double dayFactors(int n) {
        return IntStream.range(0, n).mapToDouble(d -> 1 + (d % 7) / 10.0).sum();
    }

    /** Σ of the day factor over the days of last month (all of them inside the 45 generated days). */
    private static double lastMonthDayFactors() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        YearMonth last = YearMonth.from(today).minusMonths(1);
        double sum = 0;
        for (int d = 0; d < 45; d++) {
            if (YearMonth.from(today.minusDays(d)).equals(last)) {
                sum += 1 + (d % 7) / 10.0;
            }
        }
        return sum;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private static void assertMoney(List<Map<String, Object>> rows, String column, double expected) {
        assertThat(dec(rows.getFirst(), column).doubleValue())
                .as("%s of the first row", column)
                .isCloseTo(expected, within(Math.max(1e-6, Math.abs(expected) * 1e-6)));
    }

    private static List<Map.Entry<String, String>> pairs(List<Map<String, Object>> rows, String key, String value) {
        return rows.stream()
                .map(r -> Map.entry(r.get(key).toString(), r.get(value).toString()))
                .toList();
    }

    private static long count(List<Map<String, Object>> rows, String column) {
        assertThat(rows).hasSize(1);
        return count(rows.getFirst(), column);
    }

    private static long count(Map<String, Object> row, String column) {
        return dec(row, column).longValueExact();
    }

    private static BigDecimal dec(Map<String, Object> row, String column) {
        assertThat(row).containsKey(column);
        return new BigDecimal(String.valueOf(row.get(column)));
    }
}
