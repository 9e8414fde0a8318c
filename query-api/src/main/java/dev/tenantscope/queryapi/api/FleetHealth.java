package dev.tenantscope.queryapi.api;

import static dev.tenantscope.queryapi.api.Checks.count;
import static dev.tenantscope.queryapi.api.Checks.list;
import static dev.tenantscope.queryapi.api.Checks.present;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code GET /api/v1/fleet/health}. */
public record FleetHealth(
        Instant asOf,
        FleetAccounts accounts,
        Freshness freshness,
        OpenAlerts tenantsWithOpenAlerts,
        QuotaRisks quotas,
        CollectorApiSpend collectorApiSpend) {

    public FleetHealth {
        present(asOf, "FleetHealth.asOf");
        present(accounts, "FleetHealth.accounts");
        present(freshness, "FleetHealth.freshness");
        present(tenantsWithOpenAlerts, "FleetHealth.tenantsWithOpenAlerts");
        present(quotas, "FleetHealth.quotas");
        present(collectorApiSpend, "FleetHealth.collectorApiSpend");
    }

    /** Accounts by status and observability, and the accounts behind the interesting counts. */
    public record FleetAccounts(
            long total,
            long tenants,
            AccountsByStatus byStatus,
            AccountsByObservability byObservability,
            List<ReasonCount> unobservableByReason,
            @ClickHouseTime Instant newSince,
            @JsonProperty("new") long newAccountCount,
            List<AccountState> unobservable,
            List<AccountState> suspended,
            List<AccountState> newAccounts) {
        public FleetAccounts {
            count(total, "FleetAccounts.total");
            count(tenants, "FleetAccounts.tenants");
            present(byStatus, "FleetAccounts.byStatus");
            present(byObservability, "FleetAccounts.byObservability");
            unobservableByReason = list(unobservableByReason, "FleetAccounts.unobservableByReason");
            present(newSince, "FleetAccounts.newSince");
            count(newAccountCount, "FleetAccounts.new");
            unobservable = list(unobservable, "FleetAccounts.unobservable");
            suspended = list(suspended, "FleetAccounts.suspended");
            newAccounts = list(newAccounts, "FleetAccounts.newAccounts");
        }
    }

    public record AccountsByStatus(
            @JsonProperty("ACTIVE") long active,
            @JsonProperty("SUSPENDED") long suspended,
            @JsonProperty("CLOSED") long closed) {
        public AccountsByStatus {
            count(active, "AccountsByStatus.ACTIVE");
            count(suspended, "AccountsByStatus.SUSPENDED");
            count(closed, "AccountsByStatus.CLOSED");
        }
    }

    public record AccountsByObservability(
            @JsonProperty("OBSERVABLE") long observable,
            @JsonProperty("UNOBSERVABLE") long unobservable,
            @JsonProperty("UNKNOWN") long unknown) {
        public AccountsByObservability {
            count(observable, "AccountsByObservability.OBSERVABLE");
            count(unobservable, "AccountsByObservability.UNOBSERVABLE");
            count(unknown, "AccountsByObservability.UNKNOWN");
        }
    }

    public record ReasonCount(String reason, long accounts) {
        public ReasonCount {
            present(reason, "ReasonCount.reason");
            count(accounts, "ReasonCount.accounts");
        }
    }

    /** One account in a fleet list (unobservable, suspended, new, stalest). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AccountState(
            String accountId,
            String tenantId,
            String status,
            String observability,
            String unobservableReason,
            @ClickHouseTime Instant joinedAt,
            @ClickHouseTime @Nullable Instant lastCollectedAt) {
        public AccountState {
            present(accountId, "AccountState.account_id");
            present(tenantId, "AccountState.tenant_id");
            present(status, "AccountState.status");
            present(observability, "AccountState.observability");
            present(unobservableReason, "AccountState.unobservable_reason");
            present(joinedAt, "AccountState.joined_at");
        }
    }

    /** Collection freshness of ACTIVE accounts; {@code oldestCollection} is null when none was collected. */
    public record Freshness(
            Duration staleAfter,
            long fresh,
            long stale,
            long neverCollected,
            @ClickHouseTime @Nullable Instant oldestCollection,
            List<AccountState> stalest,
            List<RunStatusCount> latestRunStatus) {
        public Freshness {
            present(staleAfter, "Freshness.staleAfter");
            count(fresh, "Freshness.fresh");
            count(stale, "Freshness.stale");
            count(neverCollected, "Freshness.neverCollected");
            stalest = list(stalest, "Freshness.stalest");
            latestRunStatus = list(latestRunStatus, "Freshness.latestRunStatus");
        }
    }

    /** How many accounts' latest collector run (in the run window) ended with {@code status}. */
    public record RunStatusCount(String status, long accounts) {
        public RunStatusCount {
            present(status, "RunStatusCount.status");
            count(accounts, "RunStatusCount.accounts");
        }
    }

    /** {@code tenants}: how many tenants have an open alert; {@code top}: the first of them. */
    public record OpenAlerts(long tenants, List<AlertedTenant> top) {
        public OpenAlerts {
            count(tenants, "OpenAlerts.tenants");
            top = list(top, "OpenAlerts.top");
        }
    }

    /** A tenant's open alerts by kind; {@code critical} of them critical. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertedTenant(String tenantId, long noisy, long quota, long cost, long critical, long open) {
        public AlertedTenant {
            present(tenantId, "AlertedTenant.tenant_id");
            count(noisy, "AlertedTenant.noisy");
            count(quota, "AlertedTenant.quota");
            count(cost, "AlertedTenant.cost");
            count(critical, "AlertedTenant.critical");
            count(open, "AlertedTenant.open");
        }
    }

    public record QuotaRisks(
            double threshold,
            List<QuotaAtRisk> aboveThreshold,
            Duration forecastHorizon,
            List<QuotaForecast> forecastToRunOut) {
        public QuotaRisks {
            aboveThreshold = list(aboveThreshold, "QuotaRisks.aboveThreshold");
            present(forecastHorizon, "QuotaRisks.forecastHorizon");
            forecastToRunOut = list(forecastToRunOut, "QuotaRisks.forecastToRunOut");
        }
    }

    /** A quota by its latest sample: {@code used} of {@code quota}, utilisation 0..1 at {@code at}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record QuotaAtRisk(
            String accountId,
            String tenantId,
            String region,
            String serviceCode,
            String quotaCode,
            String name,
            double quota,
            double used,
            double latestUtilisation,
            @ClickHouseTime.Seconds Instant at) {
        public QuotaAtRisk {
            present(accountId, "QuotaAtRisk.account_id");
            present(tenantId, "QuotaAtRisk.tenant_id");
            present(region, "QuotaAtRisk.region");
            present(serviceCode, "QuotaAtRisk.service_code");
            present(quotaCode, "QuotaAtRisk.quota_code");
            present(name, "QuotaAtRisk.name");
            present(at, "QuotaAtRisk.at");
        }
    }

    /** An open quota alert forecasting exhaustion within the horizon. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record QuotaForecast(
            String alertId,
            String tenantId,
            String accountId,
            String subject,
            String severity,
            double value,
            double threshold,
            @ClickHouseTime Instant forecastExhaustionAt) {
        public QuotaForecast {
            present(alertId, "QuotaForecast.alert_id");
            present(tenantId, "QuotaForecast.tenant_id");
            present(accountId, "QuotaForecast.account_id");
            present(subject, "QuotaForecast.subject");
            present(severity, "QuotaForecast.severity");
            present(forecastExhaustionAt, "QuotaForecast.forecast_exhaustion_at");
        }
    }

    /** The collectors' own API calls and spend from {@code from} to {@code to}, per currency. */
    public record CollectorApiSpend(
            @ClickHouseTime Instant from, @ClickHouseTime Instant to, List<ApiSpend> byCurrency) {
        public CollectorApiSpend {
            present(from, "CollectorApiSpend.from");
            present(to, "CollectorApiSpend.to");
            byCurrency = list(byCurrency, "CollectorApiSpend.byCurrency");
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ApiSpend(String currency, BigDecimal apiSpend, long calls, long errors, long throttles, long runs) {
        public ApiSpend {
            present(currency, "ApiSpend.currency");
            present(apiSpend, "ApiSpend.api_spend");
            count(calls, "ApiSpend.calls");
            count(errors, "ApiSpend.errors");
            count(throttles, "ApiSpend.throttles");
            count(runs, "ApiSpend.runs");
        }

        /** This spend plus {@code other}'s (same currency). */
        public ApiSpend plus(ApiSpend other) {
            if (!currency.equals(other.currency)) {
                throw new IllegalArgumentException("ApiSpend: cannot add " + other.currency + " to " + currency);
            }
            return new ApiSpend(
                    currency,
                    apiSpend.add(other.apiSpend),
                    calls + other.calls,
                    errors + other.errors,
                    throttles + other.throttles,
                    runs + other.runs);
        }
    }
}
