package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import java.time.Instant;
import java.time.ZoneOffset;

/** Adds one collector run's API spend to its account's day, as the synthetic "collector-api" cost line. */
final class ApiSpend {
    private ApiSpend() {}

    static CostLine add(CostLine day, CollectorRun run) {
        Instant retrieved =
                day == null || run.startedAt().isAfter(day.retrievedAt()) ? run.startedAt() : day.retrievedAt();
        return new CostLine(
                run.account(),
                run.startedAt().atZone(ZoneOffset.UTC).toLocalDate(),
                CostClassifier.COLLECTOR_SERVICE,
                CostClassifier.COLLECTOR_COMPONENT,
                day == null ? run.apiSpend() : day.amount().plus(run.apiSpend()),
                false,
                retrieved);
    }
}
