package dev.tenantscope.collector.internal.config;

import dev.tenantscope.collector.CollectorConfig.Price;
import java.math.BigDecimal;
import java.util.Map;

/** AWS list prices (us-east-1) of the calls we make, keyed {@code service:Operation}; {@code service:*} is the fallback. */
public final class DefaultPrices {
    public static final Map<String, Price> LIST = Map.of(
            "monitoring:GetMetricData", new Price(new BigDecimal("0.01"), 1_000, "metrics"),
            "monitoring:*", new Price(new BigDecimal("0.01"), 1_000, "requests"),
            "ce:*", new Price(new BigDecimal("0.01"), 1, "pages"),
            "logs:GetQueryResults", new Price(new BigDecimal("0.005"), 1L << 30, "bytes"),
            "logs:*", new Price(BigDecimal.ZERO, 1, "requests"),
            "sts:*", new Price(BigDecimal.ZERO, 1, "requests"),
            "organizations:*", new Price(BigDecimal.ZERO, 1, "requests"),
            "servicequotas:*", new Price(BigDecimal.ZERO, 1, "requests"),
            "account:*", new Price(BigDecimal.ZERO, 1, "requests"));

    private DefaultPrices() {}
}
