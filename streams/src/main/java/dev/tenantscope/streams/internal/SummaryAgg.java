package dev.tenantscope.streams.internal;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.model.rollup.CostCategory;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.rollup.TenantDaySummary;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Workload and baseline of one tenant's account on one day (one currency per account assumed), under the default
 * basis ({@link CostBasis#DEFAULT}). Credits, refunds, tax, commitment and support fees are not usage: they are in
 * the daily rows under their own categories, not in this split.
 */
public record SummaryAgg(
        TenantId tenant,
        AccountId account,
        LocalDate day,
        String currency,
        BigDecimal workload,
        BigDecimal baseline,
        long version) {

    static SummaryAgg empty() {
        return new SummaryAgg(null, null, null, "USD", BigDecimal.ZERO, BigDecimal.ZERO, 0);
    }

    SummaryAgg apply(TenantDailyCost row, int sign, long now) {
        BigDecimal amount =
                row.category().isUsage() ? row.amount(CostBasis.DEFAULT).amount() : BigDecimal.ZERO;
        BigDecimal a = sign > 0 ? amount : amount.negate();
        boolean baselineRow = row.category() == CostCategory.BASELINE;
        return new SummaryAgg(
                row.tenant(),
                row.account(),
                row.day(),
                row.amount().currency(),
                baselineRow ? workload : workload.add(a),
                baselineRow ? baseline.add(a) : baseline,
                Math.max(version + 1, now));
    }

    TenantDaySummary toSummary() {
        Money w = new Money(workload, currency);
        Money b = new Money(baseline, currency);
        return new TenantDaySummary(tenant, account, day, w.plus(b), w, b, version);
    }
}
