package dev.tenantscope.queryapi.api;

import static dev.tenantscope.queryapi.api.Checks.count;
import static dev.tenantscope.queryapi.api.Checks.list;
import static dev.tenantscope.queryapi.api.Checks.present;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /api/v1/cost/baseline}: the distribution of per-account baseline totals over the range, per
 * currency and per baseline component, and the accounts with the highest baseline.
 */
public record Baseline(
        LocalDate from,
        LocalDate to,
        String percentiles,
        List<BaselineDistribution> byCurrency,
        List<BaselineAccount> topAccounts) {

    /** How the percentiles are computed; part of every answer so a reader of an export can redo them. */
    public static final String NEAREST_RANK = "nearest-rank over per-account baseline totals in the range";

    public Baseline {
        present(from, "Baseline.from");
        present(to, "Baseline.to");
        present(percentiles, "Baseline.percentiles");
        byCurrency = list(byCurrency, "Baseline.byCurrency");
        topAccounts = list(topAccounts, "Baseline.topAccounts");
    }

    /** Nearest-rank median, p90, the ten deciles and the max of {@code accounts} per-account totals. */
    public record BaselineDistribution(
            String currency,
            long accounts,
            BigDecimal total,
            BigDecimal median,
            BigDecimal p90,
            List<BigDecimal> deciles,
            BigDecimal max,
            List<BaselineComponent> byComponent) {
        public BaselineDistribution {
            present(currency, "BaselineDistribution.currency");
            count(accounts, "BaselineDistribution.accounts");
            present(total, "BaselineDistribution.total");
            present(median, "BaselineDistribution.median");
            present(p90, "BaselineDistribution.p90");
            deciles = list(deciles, "BaselineDistribution.deciles");
            if (deciles.size() != 10) {
                throw new IllegalArgumentException("BaselineDistribution.deciles: expected 10, got " + deciles.size());
            }
            present(max, "BaselineDistribution.max");
            byComponent = list(byComponent, "BaselineDistribution.byComponent");
        }
    }

    /** The same distribution for one baseline component (e.g. {@code AWS CloudTrail}, {@code collector-api}). */
    public record BaselineComponent(
            String component, long accounts, BigDecimal total, BigDecimal median, BigDecimal p90) {
        public BaselineComponent {
            present(component, "BaselineComponent.component");
            count(accounts, "BaselineComponent.accounts");
            present(total, "BaselineComponent.total");
            present(median, "BaselineComponent.median");
            present(p90, "BaselineComponent.p90");
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BaselineAccount(String accountId, String tenantId, String currency, BigDecimal total) {
        public BaselineAccount {
            present(accountId, "BaselineAccount.account_id");
            present(tenantId, "BaselineAccount.tenant_id");
            present(currency, "BaselineAccount.currency");
            present(total, "BaselineAccount.total");
        }
    }
}
