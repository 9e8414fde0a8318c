package dev.tenantscope.streams.internal;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.Coverage;
import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.streams.internal.key.RollupWindowKey;
import dev.tenantscope.streams.internal.key.SignalKey;

/**
 * One datapoint of one tenant's signal: what the rollups keep per window. Its identity is (account, region,
 * namespace, metric, {@code series}, timestamp); a later datapoint of the same identity replaces it.
 *
 * @param metric the rollup's metric name: the CloudWatch metric, with ".statistic" unless the statistic is Sum
 * @param series what else tells datapoints of one account, region and metric apart: dimensions, statistic and
 *     period
 */
public record Signal(
        String tenant,
        String tier,
        String account,
        String region,
        String namespace,
        String metric,
        String series,
        long timestampMs,
        double value)
        implements RollupInput {
    /** Log signals are rolled up as this namespace, metric {@value #LOG_ERRORS}. */
    public static final String LOG_NAMESPACE = Coverage.LOGS_NAMESPACE;

    public static final String LOG_ERRORS = Coverage.LOGS_METRIC;

    static Signal of(MetricSample s, AccountRegistration reg) {
        return new Signal(
                tenantOf(reg),
                tierOf(reg),
                s.account().value(),
                s.region(),
                s.namespace(),
                rollupMetric(s.metric(), s.statistic()),
                s.dimensions() + "|" + s.statistic() + "|" + s.periodSeconds(),
                s.timestamp().toEpochMilli(),
                s.value());
    }

    static Signal of(LogSignal l, AccountRegistration reg) {
        return new Signal(
                tenantOf(reg),
                tierOf(reg),
                l.account().value(),
                l.region(),
                LOG_NAMESPACE,
                LOG_ERRORS,
                l.logGroupPrefix() + "|" + l.binSeconds(),
                l.binStart().toEpochMilli(),
                l.errorCount());
    }

    /** The metric name rollups use for a (metric, statistic): Sum is the metric itself. */
    static String rollupMetric(String metric, String statistic) {
        return "Sum".equals(statistic) ? metric : metric + "." + statistic;
    }

    /**
     * Whether a rollup metric name is a Sum (no ".statistic" suffix): its windows only grow as datapoints arrive. A
     * metric whose own name has a dot reads as not a sum, the safe side.
     */
    static boolean isSum(String rollupMetric) {
        return rollupMetric.indexOf('.') < 0;
    }

    static String tenantOf(AccountRegistration reg) {
        return reg == null ? TenantId.UNASSIGNED.value() : reg.tenant().value();
    }

    static String tierOf(AccountRegistration reg) {
        return reg == null ? "" : reg.tier();
    }

    @Override
    public SignalKey groupKey() {
        return new SignalKey(TenantId.of(tenant), namespace, metric);
    }

    /** The 5-minute window this datapoint falls in. */
    RollupWindowKey window() {
        long start = Math.floorDiv(timestampMs, RollupInput.FIVE_MINUTES) * RollupInput.FIVE_MINUTES;
        return new RollupWindowKey(TenantId.of(tenant), namespace, metric, region, start);
    }

    /** The identity of this datapoint within its window. */
    String identity() {
        return account + "|" + series + "|" + timestampMs;
    }
}
