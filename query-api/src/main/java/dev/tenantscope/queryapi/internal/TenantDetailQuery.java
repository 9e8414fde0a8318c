package dev.tenantscope.queryapi.internal;

import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.api.DateRange;
import dev.tenantscope.queryapi.api.TenantDetail;
import dev.tenantscope.queryapi.api.TenantDetail.Account;
import dev.tenantscope.queryapi.api.TenantDetail.ServiceCost;
import dev.tenantscope.queryapi.api.TenantSummary;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/tenants/{tenantId}}: one visible tenant's summary, accounts and cost by service. */
final class TenantDetailQuery {
    /** More rows than a tenant has currencies. */
    private static final int SUMMARY_ROWS = 100;

    private static final String ACCOUNTS = """
            SELECT account_id, tier, environment, status, observability, unobservable_reason, joined_at,
                   last_collected_at
            FROM accounts FINAL
            WHERE tenant_id = {tenant:String}
            ORDER BY account_id""";

    private static final String SERVICES = """
            SELECT service, currency, sumIf({{amount}}, category = 'workload') AS workload,
                   sumIf({{amount}}, category = 'baseline') AS baseline, sum({{amount}}) AS total
            FROM cost_daily FINAL
            WHERE tenant_id = {tenant:String} AND day >= {from:Date} AND day <= {to:Date}
            GROUP BY service, currency
            ORDER BY total DESC, service""";

    private final TenantSummaries summaries;
    private final Db db;
    private final QueryApiConfig config;

    TenantDetailQuery(TenantSummaries summaries, Db db, QueryApiConfig config) {
        this.summaries = summaries;
        this.db = db;
        this.config = config;
    }

    /** @param tenant a tenant the caller sees ({@link TenantVisibility#require} has passed) */
    TenantDetail detail(String tenant, LocalDate asOf, CostBasis basis) {
        DateRange mtd = DateRange.monthToDate(asOf);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", tenant);
        p.put("tenant", tenant);
        p.put("from", mtd.from().toString());
        p.put("to", mtd.to().toString());
        p.put("staleBefore", SqlValues.ts(config.clock().instant().minus(config.staleAfter())));
        p.put("limit", Integer.toString(SUMMARY_ROWS));
        p.put("offset", "0");
        List<TenantSummary> summary =
                summaries.read(p, TenantSummaries.Order.TENANT, basis).rows();
        return new TenantDetail(
                tenant,
                asOf,
                mtd,
                summary.getFirst().health(),
                summary,
                db.list(ACCOUNTS, p, TenantDetailQuery::account),
                db.list(SqlValues.amount(SERVICES, basis), p, TenantDetailQuery::serviceCost));
    }

    private static Account account(Row r) {
        return new Account(
                r.text("account_id"),
                r.text("tier"),
                r.text("environment"),
                r.text("status"),
                r.text("observability"),
                r.text("unobservable_reason"),
                r.instant("joined_at"),
                r.instantOrNull("last_collected_at"));
    }

    private static ServiceCost serviceCost(Row r) {
        return new ServiceCost(
                r.text("service"),
                r.text("currency"),
                r.decimal("workload"),
                r.decimal("baseline"),
                r.decimal("total"));
    }
}
