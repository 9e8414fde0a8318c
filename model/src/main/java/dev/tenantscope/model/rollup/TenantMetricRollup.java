package dev.tenantscope.model.rollup;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.time.Instant;

/**
 * The final aggregate of one tenant's signal over one closed tumbling window.
 *
 * @param window "5m" or "1h"
 * @param tier the tenant's tier when the window closed (the cohort for noisy-tenant detection)
 * @param p50 quantiles from a mergeable t-digest over the window's values
 * @param version orders re-emissions of the same window in the sink (ReplacingMergeTree version)
 */
public record TenantMetricRollup(
        TenantId tenant,
        String tier,
        String window,
        Instant windowStart,
        String namespace,
        String metric,
        long count,
        double sum,
        double max,
        double p50,
        double p90,
        double p99,
        long version) {

    public TenantMetricRollup {
        Validate.notNull("tenant", tenant);
        tier = tier == null ? "" : Validate.maxLength("tier", tier, 64);
        Validate.notBlank("window", window);
        Validate.notNull("windowStart", windowStart);
        Validate.notBlank("namespace", namespace);
        Validate.notBlank("metric", metric);
        Validate.notNegative("count", count);
        Validate.finite("sum", sum);
        Validate.finite("max", max);
        Validate.finite("p50", p50);
        Validate.finite("p90", p90);
        Validate.finite("p99", p99);
        Validate.notNegative("version", version);
    }

    /** The record key on the rollup topics: tenant, window, start, namespace and metric. */
    public String key() {
        return tenant.value() + "|" + window + "|" + windowStart + "|" + namespace + "|" + metric;
    }
}
