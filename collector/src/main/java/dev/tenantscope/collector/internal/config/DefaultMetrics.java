package dev.tenantscope.collector.internal.config;

/**
 * Account-level aggregates (no resource dimensions), so nothing depends on tenants tagging resources. Alert signals
 * are few on purpose: each costs $0.01 per 1,000 pulls, and they are the ones pulled often. Invocations is one of
 * them: a noisy tenant is first of all a burst of usage, and an hourly pull would page it up to an hour late (about
 * $0.024 per active account-month more than pulling it hourly). YAML, bound through the same binder as a file's
 * lists.
 */
final class DefaultMetrics {
    static final String ALERT = """
            - {namespace: AWS/Lambda, metric: Errors, statistic: Sum, period: 5m}
            - {namespace: AWS/Lambda, metric: Throttles, statistic: Sum, period: 5m}
            - {namespace: AWS/Lambda, metric: Invocations, statistic: Sum, period: 5m}
            """;

    // Lambda ConcurrentExecutions is not here: the concurrency quota's AWS/Usage metric already carries it
    static final String STANDARD = """
            - {namespace: AWS/Lambda, metric: Duration, statistic: Average, period: 5m}
            """;

    private DefaultMetrics() {}
}
