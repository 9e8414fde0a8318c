package dev.tenantscope.queryapi.api;

import static dev.tenantscope.queryapi.api.Checks.count;
import static dev.tenantscope.queryapi.api.Checks.present;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One tenant (and cost currency) in the month-to-date view. Without cost in the range {@code currency} and
 * {@code baselineShare} are null and {@code cost} and {@code baseline} are 0; {@code baselineShare} =
 * baseline / cost (4 decimals), null when cost is 0.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TenantSummary(
        String tenantId,
        long accounts,
        long active,
        long suspended,
        long unobservable,
        long stale,
        @ClickHouseTime @Nullable Instant lastCollectedAt,
        @Nullable String currency,
        BigDecimal cost,
        BigDecimal baseline,
        long openAlerts,
        long criticalAlerts,
        Health health,
        @JsonProperty("baselineShare") @Nullable BigDecimal baselineShare) {

    public TenantSummary {
        present(tenantId, "TenantSummary.tenant_id");
        count(accounts, "TenantSummary.accounts");
        count(active, "TenantSummary.active");
        count(suspended, "TenantSummary.suspended");
        count(unobservable, "TenantSummary.unobservable");
        count(stale, "TenantSummary.stale");
        present(cost, "TenantSummary.cost");
        present(baseline, "TenantSummary.baseline");
        count(openAlerts, "TenantSummary.open_alerts");
        count(criticalAlerts, "TenantSummary.critical_alerts");
        present(health, "TenantSummary.health");
        if (currency == null && (cost.signum() != 0 || baseline.signum() != 0)) {
            throw new IllegalArgumentException("TenantSummary: cost " + cost + " without a currency");
        }
    }
}
