package dev.tenantscope.queryapi.internal;

import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.api.DateRange;
import dev.tenantscope.queryapi.api.TenantPage;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/v1/tenants}: a page of tenants the caller sees, month-to-date up to {@code asOf}. */
final class TenantListQuery {
    private final TenantSummaries summaries;
    private final QueryApiConfig config;

    TenantListQuery(TenantSummaries summaries, QueryApiConfig config) {
        this.summaries = summaries;
        this.config = config;
    }

    TenantPage page(
            Principal caller, LocalDate asOf, TenantSummaries.Order order, int limit, int offset, CostBasis basis) {
        DateRange mtd = DateRange.monthToDate(asOf);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", caller.scope());
        p.put("from", mtd.from().toString());
        p.put("to", mtd.to().toString());
        p.put("staleBefore", SqlValues.ts(config.clock().instant().minus(config.staleAfter())));
        p.put("limit", Integer.toString(limit));
        p.put("offset", Integer.toString(offset));
        TenantSummaries.Page page = summaries.read(p, order, basis);
        return new TenantPage(asOf, mtd, page.total(), limit, offset, page.rows());
    }
}
