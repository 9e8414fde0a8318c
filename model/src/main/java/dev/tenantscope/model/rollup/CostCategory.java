package dev.tenantscope.model.rollup;

import java.util.Locale;

/**
 * What a cost is to the tenant's bill. Usage (and usage-like record types: discounted usage, Savings Plan covered
 * usage and its negation) is the tenant's {@code WORKLOAD} or the account's {@code BASELINE} overhead (what it costs
 * just by existing); credits, refunds, tax, commitment fees (Savings Plan and Reserved Instance fees) and support
 * fees are their own categories, as finance reconciles them.
 */
public enum CostCategory {
    WORKLOAD,
    BASELINE,
    CREDIT,
    REFUND,
    TAX,
    COMMITMENT_FEE,
    SUPPORT;

    /** The spelling in ClickHouse and the API ({@code 'workload'}, …, {@code 'commitment_fee'}). */
    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category spelled {@code sqlName}; the error lists the spellings. */
    public static CostCategory ofSqlName(String sqlName) {
        for (CostCategory c : values()) {
            if (c.sqlName().equals(sqlName)) {
                return c;
            }
        }
        throw new IllegalArgumentException("category: expected one of "
                + java.util.Arrays.stream(values()).map(CostCategory::sqlName).toList() + ", got '"
                + dev.tenantscope.model.Validate.abbreviate(sqlName) + "'");
    }

    /** Usage classified by the baseline rules: workload or baseline. */
    public boolean isUsage() {
        return this == WORKLOAD || this == BASELINE;
    }
}
