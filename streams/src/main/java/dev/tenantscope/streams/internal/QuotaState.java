package dev.tenantscope.streams.internal;

import java.time.Instant;
import java.util.List;

/**
 * Recent usage of one quota (for the trend) and its open alert, if any.
 *
 * @param severity "WARN"/"CRITICAL" while an alert is open, null otherwise
 */
public record QuotaState(List<Long> times, List<Double> usages, String severity, Instant openedAt) {
    public QuotaState {
        times = times == null ? List.of() : List.copyOf(times);
        usages = usages == null ? List.of() : List.copyOf(usages);
    }
}
