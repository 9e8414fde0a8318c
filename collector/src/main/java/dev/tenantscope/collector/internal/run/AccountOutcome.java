package dev.tenantscope.collector.internal.run;

import dev.tenantscope.model.events.CollectorRun;
import java.util.List;

/**
 * One account's run: the record published, what each puller got, and the activity seen (drives the schedule).
 *
 * @param active any metric or log signal non-zero in the window
 * @param hot errors, throttles, log errors or a quota at ≥ 80 % in the window
 */
public record AccountOutcome(
        CollectorRun run, List<CollectionResult> results, boolean active, boolean hot, int records) {}
