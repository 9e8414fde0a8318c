package dev.tenantscope.queryapi.api;

import static dev.tenantscope.queryapi.api.Checks.count;
import static dev.tenantscope.queryapi.api.Checks.list;
import static dev.tenantscope.queryapi.api.Checks.present;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code GET /api/v1/exports/months}: every frozen month (and currency), oldest first. */
public record FrozenMonths(List<FrozenMonth> months) {
    public FrozenMonths {
        months = list(months, "FrozenMonths.months");
    }

    /**
     * A month's latest freeze and what was restated since: {@code restated_rows} rows changing the total by
     * {@code restatement_delta}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FrozenMonth(
            LocalDate month,
            String currency,
            long frozenVersion,
            @ClickHouseTime Instant frozenAt,
            long tenants,
            BigDecimal frozenTotal,
            long restatedRows,
            BigDecimal restatementDelta) {
        public FrozenMonth {
            present(month, "FrozenMonth.month");
            if (month.getDayOfMonth() != 1) {
                throw new IllegalArgumentException("FrozenMonth.month: expected a first day, got " + month);
            }
            present(currency, "FrozenMonth.currency");
            count(frozenVersion, "FrozenMonth.frozen_version");
            present(frozenAt, "FrozenMonth.frozen_at");
            count(tenants, "FrozenMonth.tenants");
            present(frozenTotal, "FrozenMonth.frozen_total");
            count(restatedRows, "FrozenMonth.restated_rows");
            present(restatementDelta, "FrozenMonth.restatement_delta");
        }
    }
}
