package dev.tenantscope.app;

import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.fleetsim.GroundTruth;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.SimCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Quota usage per account as fleet-sim's ground truth has it, and as it ends up in ClickHouse's {@code quota_usage},
 * both keyed {@code account|region|service|quota} → {@code tenant|value|usage|utilisation|ts}. Only quotas with an
 * AWS/Usage metric have usage; the others (storage, tables, throttle rates, IAM's global roles quota) never reach
 * the table, so a row for one of them is an extra row and fails the comparison.
 */
final class QuotaUsageTruth {
    /** CollectorConfig's usage period: the Period GetMetricData is asked for (QuotasPuller.USAGE_PERIOD). */
    private static final int USAGE_PERIOD = 300;

    /**
     * A quota of fleet-sim's catalogue with a usage metric, at its AWS default value.
     *
     * @param ratePeriodSeconds a rate quota's Period (GetMetricData: 50 per 1 second); 0 for a resource quota
     */
    record Quota(
            String service,
            String code,
            double value,
            String namespace,
            String metric,
            String statistic,
            int ratePeriodSeconds) {}

    static final List<Quota> WITH_USAGE = List.of(
            new Quota(
                    "lambda",
                    SimCatalog.LAMBDA_CONCURRENCY_QUOTA,
                    SimCatalog.LAMBDA_CONCURRENCY_QUOTA_VALUE,
                    "AWS/Usage",
                    "ResourceCount",
                    "Maximum",
                    0),
            new Quota("monitoring", "L-5E141212", 50, "AWS/Usage", "CallCount", "Sum", 1));

    private QuotaUsageTruth() {}

    /**
     * One row per collected account, region and quota with usage: the latest usage period GetMetricData answers for
     * at {@code asOf}, its value as answered then, a rate quota's divided down to its Period.
     */
    static Map<String, String> expected(
            GroundTruth truth, List<SimAccount> collected, List<String> regions, Instant asOf) {
        Map<String, String> out = new TreeMap<>();
        for (SimAccount a : collected) {
            for (String region : regions) {
                for (Quota q : WITH_USAGE) {
                    long last = Math.floorDiv(asOf.getEpochSecond(), USAGE_PERIOD) * USAGE_PERIOD;
                    for (long p = last; p > last - 24L * USAGE_PERIOD; p -= USAGE_PERIOD) {
                        Instant ts = Instant.ofEpochSecond(p);
                        OptionalDouble v =
                                truth.metric(a.id(), q.namespace(), q.metric(), q.statistic(), USAGE_PERIOD, ts, asOf);
                        if (v.isPresent()) {
                            double usage = q.ratePeriodSeconds() > 0
                                    ? v.getAsDouble() * q.ratePeriodSeconds() / USAGE_PERIOD
                                    : v.getAsDouble();
                            out.put(
                                    a.id().value() + "|" + region + "|" + q.service() + "|" + q.code(),
                                    row(a.tenant().value(), q.value(), usage, usage / q.value(), ts));
                            break;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Every row of {@code quota_usage}, keyed as {@link #expected}. */
    static Map<String, String> observed(ClickHouseSql clickhouse) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, Object> r : clickhouse.rows("SELECT account_id, tenant_id, region, service_code, quota_code,"
                + " quota_value, usage, utilisation, toUnixTimestamp(ts) AS t FROM quota_usage FINAL")) {
            String key = r.get("account_id") + "|" + r.get("region") + "|" + r.get("service_code") + "|"
                    + r.get("quota_code");
            String value = row(
                    (String) r.get("tenant_id"),
                    ((Number) r.get("quota_value")).doubleValue(),
                    ((Number) r.get("usage")).doubleValue(),
                    ((Number) r.get("utilisation")).doubleValue(),
                    Instant.ofEpochSecond(((Number) r.get("t")).longValue()));
            String previous = out.put(key, value);
            if (previous != null) { // two timestamps of one quota: fleet-sim's clock stood still, so one is extra
                out.put(key, previous + " AND " + value);
            }
        }
        return out;
    }

    private static String row(String tenant, double value, double usage, double utilisation, Instant ts) {
        return tenant + "|" + scaled(value, 2) + "|" + scaled(usage, 4) + "|" + scaled(utilisation, 6) + "|" + ts;
    }

    private static String scaled(double v, int scale) {
        return BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_EVEN).toPlainString();
    }
}
