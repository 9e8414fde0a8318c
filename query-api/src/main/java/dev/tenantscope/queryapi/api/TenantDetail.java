package dev.tenantscope.queryapi.api;

import static dev.tenantscope.queryapi.api.Checks.list;
import static dev.tenantscope.queryapi.api.Checks.present;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code GET /api/v1/tenants/{tenantId}}: accounts, month-to-date cost by service, health. */
public record TenantDetail(
        String tenantId,
        LocalDate asOf,
        DateRange monthToDate,
        Health health,
        List<TenantSummary> summary,
        List<Account> accounts,
        List<ServiceCost> costByService) {

    public TenantDetail {
        present(tenantId, "TenantDetail.tenantId");
        present(asOf, "TenantDetail.asOf");
        present(monthToDate, "TenantDetail.monthToDate");
        present(health, "TenantDetail.health");
        summary = list(summary, "TenantDetail.summary");
        if (summary.isEmpty()) {
            throw new IllegalArgumentException("TenantDetail.summary: a visible tenant has at least one row");
        }
        accounts = list(accounts, "TenantDetail.accounts");
        costByService = list(costByService, "TenantDetail.costByService");
    }

    /** One of the tenant's accounts at its latest version. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Account(
            String accountId,
            String tier,
            String environment,
            String status,
            String observability,
            String unobservableReason,
            @ClickHouseTime Instant joinedAt,
            @ClickHouseTime @Nullable Instant lastCollectedAt) {
        public Account {
            present(accountId, "Account.account_id");
            present(tier, "Account.tier");
            present(environment, "Account.environment");
            present(status, "Account.status");
            present(observability, "Account.observability");
            present(unobservableReason, "Account.unobservable_reason");
            present(joinedAt, "Account.joined_at");
        }
    }

    /** Month-to-date cost of one service, split workload / baseline. */
    public record ServiceCost(
            String service, String currency, BigDecimal workload, BigDecimal baseline, BigDecimal total) {
        public ServiceCost {
            present(service, "ServiceCost.service");
            present(currency, "ServiceCost.currency");
            present(workload, "ServiceCost.workload");
            present(baseline, "ServiceCost.baseline");
            present(total, "ServiceCost.total");
        }
    }
}
