package dev.tenantscope.streams.internal;

import java.time.Instant;

/**
 * One tenant's history of one signal (exponentially weighted mean and variance), its latest value (what the
 * cohort percentile ranks against), and its open alert.
 */
public record NoisyState(String tenant, double mean, double variance, long windows, double last, Instant openedAt) {}
