package dev.tenantscope.clickhouse.schema;

import dev.tenantscope.model.events.CostBasis;

/**
 * Which column of the cost tables holds each {@link CostBasis}: {@code amount} is unblended (the invoice line, the
 * column's meaning since V001), the others are {@code <basis>_amount}. Column names come from this enum-indexed
 * table, never from a request, so they are safe to place in SQL text.
 */
public final class CostColumns {
    private CostColumns() {}

    /** The cost_daily / cost_month_close column of {@code basis}. */
    public static String amount(CostBasis basis) {
        return switch (basis) {
            case UNBLENDED -> "amount";
            case NET_UNBLENDED -> "net_unblended_amount";
            case AMORTIZED -> "amortized_amount";
            case NET_AMORTIZED -> "net_amortized_amount";
            case BLENDED -> "blended_amount";
        };
    }

    /** The cost_restatements column of the frozen amount under {@code basis}. */
    public static String frozen(CostBasis basis) {
        return basis == CostBasis.UNBLENDED ? "frozen_amount" : "frozen_" + amount(basis);
    }

    /** The cost_restatements column of the current amount under {@code basis}. */
    public static String current(CostBasis basis) {
        return basis == CostBasis.UNBLENDED ? "current_amount" : "current_" + amount(basis);
    }
}
