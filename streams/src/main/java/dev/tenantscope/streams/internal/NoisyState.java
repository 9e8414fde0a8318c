package dev.tenantscope.streams.internal;

import java.time.Instant;
import java.util.List;

/**
 * One tenant's history of one signal (exponentially weighted mean and variance), its latest deviation score (what
 * the cohort percentile ranks against), its open alert, and the last window it has seen.
 *
 * @param lastWindow the start of the latest window applied; null in state written before the field
 * @param recent the values of the windows before the latest one within the detection horizon, oldest first
 * @param hourly the expected value per UTC hour of the day (index 0–23), -1 where not seen yet; empty before the
 *     first window
 */
public record NoisyState(
        String tenant,
        double mean,
        double variance,
        long windows,
        double last,
        Instant openedAt,
        Instant lastWindow,
        List<Double> recent,
        List<Double> hourly) {

    public NoisyState {
        recent = recent == null ? List.of() : List.copyOf(recent);
        hourly = hourly == null ? List.of() : List.copyOf(hourly);
    }
}
