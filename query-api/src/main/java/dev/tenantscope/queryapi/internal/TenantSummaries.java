package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.internal.SqlValues.SCOPE;

import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.queryapi.api.Health;
import dev.tenantscope.queryapi.api.TenantSummary;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * The month-to-date summary per tenant (and cost currency) that the tenant list and a tenant's detail share:
 * accounts, health inputs, cost and baseline. Its parameters: {@code scope}, {@code from}, {@code to},
 * {@code staleBefore}, {@code limit}, {@code offset}.
 */
final class TenantSummaries {
    /** Orders of the summary rows; fixed text, never from a request. */
    enum Order {
        COST("cost DESC, tenant_id, currency"),
        TENANT("tenant_id, currency"),
        ALERTS("critical_alerts DESC, open_alerts DESC, tenant_id, currency");

        private final String sql;

        Order(String sql) {
            this.sql = sql;
        }
    }

    private static final String SUMMARY = """
            WITH acc AS (
                SELECT tenant_id, count() AS accounts,
                       countIf(status = 'ACTIVE') AS active,
                       countIf(status = 'SUSPENDED') AS suspended,
                       countIf(observability = 'UNOBSERVABLE') AS unobservable,
                       countIf(status = 'ACTIVE' AND (last_collected_at IS NULL
                               OR last_collected_at < {staleBefore:DateTime64(3, 'UTC')})) AS stale,
                       max(last_collected_at) AS last_collected
                FROM accounts FINAL
                WHERE %1$s
                GROUP BY tenant_id),
            cost AS (
                SELECT tenant_id, currency, sum({{amount}}) AS total, sumIf({{amount}}, category = 'baseline') AS baseline
                FROM cost_daily FINAL
                WHERE day >= {from:Date} AND day <= {to:Date} AND %1$s
                GROUP BY tenant_id, currency),
            al AS (
                SELECT tenant_id, count() AS open_alerts, countIf(severity = 'critical') AS critical_alerts
                FROM alerts FINAL
                WHERE state = 'open' AND %1$s
                GROUP BY tenant_id)
            SELECT acc.tenant_id AS tenant_id, accounts, active, suspended, unobservable, stale,
                   last_collected AS last_collected_at,
                   cost.currency AS currency, cost.total AS cost, cost.baseline AS baseline,
                   al.open_alerts AS open_alerts, al.critical_alerts AS critical_alerts,
                   count() OVER () AS total_rows
            FROM acc
            LEFT JOIN cost ON cost.tenant_id = acc.tenant_id
            LEFT JOIN al ON al.tenant_id = acc.tenant_id
            ORDER BY %2$s
            LIMIT {limit:UInt32} OFFSET {offset:UInt32}""".formatted(SCOPE, "%s");

    /** A page of summaries and the number of rows over all pages. */
    record Page(List<TenantSummary> rows, long total) {}

    private record Counted(TenantSummary summary, long total) {}

    private final Db db;

    TenantSummaries(Db db) {
        this.db = db;
    }

    /** @param basis the cost basis of {@code cost} and {@code baseline} */
    Page read(Map<String, String> params, Order order, CostBasis basis) {
        List<Counted> rows =
                db.list(SqlValues.amount(SUMMARY.formatted(order.sql), basis), params, TenantSummaries::summary);
        return new Page(
                rows.stream().map(Counted::summary).toList(),
                rows.isEmpty() ? 0 : rows.getFirst().total());
    }

    private static Counted summary(Row r) {
        long accounts = r.integer("accounts");
        long unobservable = r.integer("unobservable");
        long stale = r.integer("stale");
        long open = r.integer("open_alerts");
        long critical = r.integer("critical_alerts");
        // a LEFT JOIN without cost gives '' and 0s: no currency, zero cost, no share
        String currency = r.textOrNull("currency");
        BigDecimal cost = currency == null ? BigDecimal.ZERO : r.decimal("cost");
        BigDecimal baseline = currency == null ? BigDecimal.ZERO : r.decimal("baseline");
        BigDecimal share =
                currency == null || cost.signum() == 0 ? null : baseline.divide(cost, 4, RoundingMode.HALF_EVEN);
        TenantSummary summary = new TenantSummary(
                r.text("tenant_id"),
                accounts,
                r.integer("active"),
                r.integer("suspended"),
                unobservable,
                stale,
                r.instantOrNull("last_collected_at"),
                currency,
                cost,
                baseline,
                open,
                critical,
                health(accounts, unobservable, stale, open, critical),
                share);
        return new Counted(summary, r.integer("total_rows"));
    }

    /** Critical (a critical alert or nothing observable), warn (any alert, unobservable or stale), else ok. */
    static Health health(long accounts, long unobservable, long stale, long openAlerts, long criticalAlerts) {
        if (criticalAlerts > 0 || (accounts > 0 && unobservable == accounts)) {
            return Health.CRITICAL;
        }
        if (openAlerts > 0 || unobservable > 0 || stale > 0) {
            return Health.WARN;
        }
        return Health.OK;
    }
}
