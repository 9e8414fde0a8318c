package dev.tenantscope.collector.internal.config;

import dev.tenantscope.collector.CollectorConfig.MetricSpec;
import java.util.List;
import java.util.Map;

/**
 * Account-level aggregates (no resource dimensions), so nothing depends on tenants tagging resources. Alert signals
 * are few on purpose: each costs $0.01 per 1,000 pulls, and they are the ones pulled often.
 */
public final class DefaultMetrics {
    public static final List<MetricSpec> ALERT = List.of(
            new MetricSpec("AWS/Lambda", "Errors", "Sum", 300, Map.of()),
            new MetricSpec("AWS/Lambda", "Throttles", "Sum", 300, Map.of()));

    public static final List<MetricSpec> STANDARD = List.of(
            new MetricSpec("AWS/Lambda", "Invocations", "Sum", 300, Map.of()),
            new MetricSpec("AWS/Lambda", "Duration", "Average", 300, Map.of()));
    // Lambda ConcurrentExecutions is not here: the concurrency quota's AWS/Usage metric already carries it

    private DefaultMetrics() {}
}
