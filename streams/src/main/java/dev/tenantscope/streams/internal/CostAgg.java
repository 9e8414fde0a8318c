package dev.tenantscope.streams.internal;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.rollup.CostCategory;
import dev.tenantscope.model.rollup.TenantDailyCost;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The sum of the cost lines in one daily row, under every basis. {@code lines} and {@code estimatedLines} are
 * counted with the adder and subtractor alike so the estimated flag stays right when a restated (final) line
 * replaces an estimate. {@code version} strictly increases with every change, so the sink's ReplacingMergeTree keeps
 * the newest.
 */
public record CostAgg(
        TenantId tenant,
        AccountId account,
        LocalDate day,
        String service,
        String recordType,
        CostCategory category,
        String component,
        String currency,
        BigDecimal unblended,
        BigDecimal netUnblended,
        BigDecimal amortized,
        BigDecimal netAmortized,
        BigDecimal blended,
        long lines,
        long estimatedLines,
        long version) {

    static CostAgg empty() {
        BigDecimal z = BigDecimal.ZERO;
        return new CostAgg(null, null, null, null, null, null, null, null, z, z, z, z, z, 0, 0, 0);
    }

    CostAgg plus(AttributedCost c, long now) {
        return apply(c, 1, now);
    }

    CostAgg minus(AttributedCost c, long now) {
        return apply(c, -1, now);
    }

    private CostAgg apply(AttributedCost c, int sign, long now) {
        CostAmounts a = c.amounts();
        return new CostAgg(
                c.tenant(),
                c.account(),
                c.day(),
                c.service(),
                c.recordType(),
                c.category(),
                c.component(),
                a.currency(),
                add(unblended, a.unblended(), sign),
                add(netUnblended, a.netUnblended(), sign),
                add(amortized, a.amortized(), sign),
                add(netAmortized, a.netAmortized(), sign),
                add(blended, a.blended(), sign),
                lines + sign,
                estimatedLines + (c.estimated() ? sign : 0),
                Math.max(version + 1, now));
    }

    private static BigDecimal add(BigDecimal sum, Money m, int sign) {
        return sign > 0 ? sum.add(m.amount()) : sum.subtract(m.amount());
    }

    TenantDailyCost toRow() {
        return new TenantDailyCost(
                tenant,
                account,
                day,
                service,
                recordType,
                category,
                component,
                new CostAmounts(
                        new Money(unblended, currency),
                        new Money(netUnblended, currency),
                        new Money(amortized, currency),
                        new Money(netAmortized, currency),
                        new Money(blended, currency)),
                estimatedLines > 0,
                version);
    }
}
