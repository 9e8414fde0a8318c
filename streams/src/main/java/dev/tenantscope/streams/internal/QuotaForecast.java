package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.QuotaSample;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When a quota's usage is forecast to reach the quota within a horizon. Only level quotas (concurrent executions,
 * instances, ...) are forecast: a rate quota's usage (calls per second) is the traffic of its last period, which
 * rises and falls and does not drift to 100 %, so a rising rate is judged by its utilisation thresholds alone.
 */
final class QuotaForecast {
    private QuotaForecast() {}

    static Optional<Long> exhaustion(QuotaSample latest, List<Long> times, List<Double> usages, Duration horizon) {
        if (latest.rateQuota()) {
            return Optional.empty();
        }
        long now = latest.timestamp().toEpochMilli();
        return Trend.reaches(times, usages, latest.quotaValue()).filter(t -> t <= now + horizon.toMillis());
    }
}
