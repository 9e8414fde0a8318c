package dev.tenantscope.streams.internal;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.rollup.CostCategory;
import dev.tenantscope.model.rollup.TenantDailyCost;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The sum of the cost lines in one daily row. {@code lines} and {@code estimatedLines} are counted with the
 * adder and subtractor alike so the estimated flag stays right when a restated (final) line replaces an estimate.
 * {@code version} strictly increases with every change, so the sink's ReplacingMergeTree keeps the newest.
 */
public record CostAgg(
        TenantId tenant,
        AccountId account,
        LocalDate day,
        String service,
        CostCategory category,
        String component,
        String currency,
        BigDecimal amount,
        long lines,
        long estimatedLines,
        long version) {

    static CostAgg empty() {
        return new CostAgg(null, null, null, null, null, null, null, BigDecimal.ZERO, 0, 0, 0);
    }

    CostAgg plus(AttributedCost c, long now) {
        return new CostAgg(
                c.tenant(),
                c.account(),
                c.day(),
                c.service(),
                c.category(),
                c.component(),
                c.amount().currency(),
                amount.add(c.amount().amount()),
                lines + 1,
                estimatedLines + (c.estimated() ? 1 : 0),
                Math.max(version + 1, now));
    }

    CostAgg minus(AttributedCost c, long now) {
        return new CostAgg(
                c.tenant(),
                c.account(),
                c.day(),
                c.service(),
                c.category(),
                c.component(),
                c.amount().currency(),
                amount.subtract(c.amount().amount()),
                lines - 1,
                estimatedLines - (c.estimated() ? 1 : 0),
                Math.max(version + 1, now));
    }

    TenantDailyCost toRow() {
        return new TenantDailyCost(
                tenant,
                account,
                day,
                service,
                category,
                component,
                new Money(amount, currency),
                estimatedLines > 0,
                version);
    }
}
