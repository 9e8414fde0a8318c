package dev.tenantscope.queryapi.api;

import static dev.tenantscope.queryapi.api.Checks.count;
import static dev.tenantscope.queryapi.api.Checks.list;
import static dev.tenantscope.queryapi.api.Checks.present;

import java.time.LocalDate;
import java.util.List;

/** {@code GET /api/v1/tenants}: one page of tenants; {@code total} counts every row of every page. */
public record TenantPage(
        LocalDate asOf, DateRange monthToDate, long total, int limit, int offset, List<TenantSummary> tenants) {

    public TenantPage {
        present(asOf, "TenantPage.asOf");
        present(monthToDate, "TenantPage.monthToDate");
        count(total, "TenantPage.total");
        if (limit < 1) {
            throw new IllegalArgumentException("TenantPage.limit: expected ≥ 1, got " + limit);
        }
        count(offset, "TenantPage.offset");
        tenants = list(tenants, "TenantPage.tenants");
        if (tenants.size() > limit) {
            throw new IllegalArgumentException(
                    "TenantPage: " + tenants.size() + " tenants on a page of at most " + limit);
        }
    }
}
