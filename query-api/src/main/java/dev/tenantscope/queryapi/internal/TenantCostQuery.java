package dev.tenantscope.queryapi.internal;

import dev.tenantscope.clickhouse.schema.CostColumns;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.queryapi.api.TenantCost;
import dev.tenantscope.queryapi.api.TenantCost.Breakdown;
import dev.tenantscope.queryapi.api.TenantCost.CostRow;
import dev.tenantscope.queryapi.api.TenantCost.CostTotal;
import dev.tenantscope.queryapi.api.TenantCost.Granularity;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/tenants/{tenantId}/cost}: one tenant's cost per day or month, optionally by service, under one
 * basis, by category.
 */
final class TenantCostQuery {
    /**
     * %1$s: the period expression, %2$s: the service expression, %3$s: the basis's amount column (all fixed text
     * chosen by enum).
     */
    private static final String SERIES = """
            SELECT %1$s AS period, %2$s AS service, currency,
                   sumIf(%3$s, category = 'workload') AS workload,
                   sumIf(%3$s, category = 'baseline') AS baseline,
                   sumIf(%3$s, category = 'credit') AS credit,
                   sumIf(%3$s, category = 'refund') AS refund,
                   sumIf(%3$s, category = 'tax') AS tax,
                   sumIf(%3$s, category = 'commitment_fee') AS commitment_fee,
                   sumIf(%3$s, category = 'support') AS support,
                   sum(%3$s) AS total
            FROM cost_daily FINAL
            WHERE tenant_id = {tenant:String} AND day >= {from:Date} AND day <= {to:Date}
            GROUP BY period, service, currency
            ORDER BY period, service, currency""";

    private final Db db;

    TenantCostQuery(Db db) {
        this.db = db;
    }

    /** @param tenant a tenant the caller sees ({@link TenantVisibility#require} has passed) */
    TenantCost series(
            String tenant, LocalDate from, LocalDate to, Granularity granularity, Breakdown by, CostBasis basis) {
        String period = granularity == Granularity.MONTH ? "toStartOfMonth(day)" : "day";
        String service = by == Breakdown.SERVICE ? "service" : "''";
        Map<String, String> p = Map.of("tenant", tenant, "from", from.toString(), "to", to.toString());
        List<CostRow> rows = db.list(
                SERIES.formatted(period, service, CostColumns.amount(basis)),
                p,
                r -> new CostRow(
                        r.date("period"),
                        by == Breakdown.SERVICE ? r.text("service") : null,
                        r.text("currency"),
                        r.decimal("workload"),
                        r.decimal("baseline"),
                        r.decimal("credit"),
                        r.decimal("refund"),
                        r.decimal("tax"),
                        r.decimal("commitment_fee"),
                        r.decimal("support"),
                        r.decimal("total")));
        // totals summed here, exactly, rather than by a second scan of the same rows
        Map<String, CostTotal> totals = new TreeMap<>();
        for (CostRow r : rows) {
            totals.put(
                    r.currency(),
                    totals.getOrDefault(r.currency(), CostTotal.zero(r.currency()))
                            .plus(r));
        }
        return new TenantCost(tenant, from, to, granularity, by, basis.apiName(), List.copyOf(totals.values()), rows);
    }
}
