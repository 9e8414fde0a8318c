package dev.tenantscope.model.events;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Validate;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One CloudWatch datapoint of one account. Identity for de-duplication is everything but {@code value}.
 *
 * @param statistic Sum, Maximum, Average, p99, …
 * @param timestamp start of the period the value covers
 */
public record MetricSample(
        AccountId account,
        String region,
        String namespace,
        String metric,
        Map<String, String> dimensions,
        String statistic,
        int periodSeconds,
        Instant timestamp,
        double value) {

    public MetricSample {
        Validate.notNull("account", account);
        Validate.notBlank("region", region);
        Validate.notBlank("namespace", namespace);
        Validate.notBlank("metric", metric);
        dimensions = dimensions == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(dimensions));
        Validate.notBlank("statistic", statistic);
        Validate.positive("periodSeconds", periodSeconds);
        Validate.notNull("timestamp", timestamp);
        Validate.finite("value", value);
    }
}
