package dev.tenantscope.model.rollup;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.time.Instant;

/**
 * The aggregate of one tenant's signal in one region over one window, over the latest value of every datapoint in
 * the window (a corrected datapoint replaces its earlier value). Published once the window is final — every
 * account of the tenant being collected has been collected past its end — and again, with a higher
 * {@code version}, when a datapoint of it changes later.
 *
 * @param window "5m" or "1h"
 * @param tier the tenant's tier when the window was emitted (the cohort for noisy-tenant detection)
 * @param region the AWS region of the datapoints; "" for every region of the tenant (rows written before rollups
 *     were per region)
 * @param count datapoints in the window (one per account, region, series and period)
 * @param p50 quantiles over the datapoints' values, exact (linear between the two closest ranks)
 * @param complete whether every account being collected for the tenant covered the window; false when the window
 *     closed after the maximum wait, or an account's collection skipped it (a gap, or its collection began later),
 *     and for rows written before the field (boxed only so that their JSON, without it, reads as false)
 * @param version orders re-emissions of the same window in the sink (ReplacingMergeTree version)
 */
public record TenantMetricRollup(
        TenantId tenant,
        String tier,
        String window,
        Instant windowStart,
        String region,
        String namespace,
        String metric,
        long count,
        double sum,
        double max,
        double p50,
        double p90,
        double p99,
        Boolean complete,
        long version) {

    public TenantMetricRollup {
        Validate.notNull("tenant", tenant);
        tier = tier == null ? "" : Validate.maxLength("tier", tier, 64);
        Validate.notBlank("window", window);
        Validate.notNull("windowStart", windowStart);
        region = region == null ? "" : Validate.maxLength("region", region, 64);
        Validate.notBlank("namespace", namespace);
        Validate.notBlank("metric", metric);
        Validate.notNegative("count", count);
        Validate.finite("sum", sum);
        Validate.finite("max", max);
        Validate.finite("p50", p50);
        Validate.finite("p90", p90);
        Validate.finite("p99", p99);
        complete = complete != null && complete;
        Validate.notNegative("version", version);
    }

    /** The record key on the rollup topics: tenant, window, start, namespace, metric and region. */
    public String key() {
        return tenant.value() + "|" + window + "|" + windowStart + "|" + namespace + "|" + metric + "|" + region;
    }
}
