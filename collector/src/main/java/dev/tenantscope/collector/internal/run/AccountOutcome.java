package dev.tenantscope.collector.internal.run;

import dev.tenantscope.model.events.CollectorRun;
import java.util.List;

/**
 * One account's run: the record published, what each puller got, and the activity seen (drives the schedule).
 *
 * @param active any metric non-zero in the window
 * @param hot errors and throttles above 2 % of invocations, or a quota at ≥ 80 %
 * @param alertMetrics GetMetricData metrics requested for alert signals (what the planner prices)
 * @param standardMetrics GetMetricData metrics requested for standard signals
 */
public record AccountOutcome(
        CollectorRun run,
        List<CollectionResult> results,
        boolean active,
        boolean hot,
        int records,
        int alertMetrics,
        int standardMetrics) {}
