package dev.tenantscope.streams.internal;

import dev.tenantscope.model.rollup.TenantDailyCost;
import java.util.Map;
import java.util.TreeMap;

/**
 * One day of one cost line (tenant, account, service) while its rows settle: each daily cost row's unblended amount
 * by record type, category, baseline component and currency, so a row that changes replaces its old amount.
 *
 * @param at when the newest row was pulled (epoch ms): the age of the day's estimate
 */
public record CostAnomalyDay(Map<String, Row> rows, long at) {

    /** One daily cost row's contribution. */
    public record Row(double unblended, boolean estimated) {}

    public CostAnomalyDay {
        rows = Map.copyOf(rows);
    }

    static CostAnomalyDay empty() {
        return new CostAnomalyDay(Map.of(), 0);
    }

    CostAnomalyDay with(TenantDailyCost row, long pulledAt) {
        Map<String, Row> next = new TreeMap<>(rows);
        String key = row.recordType() + "|" + row.category().sqlName() + "|" + row.baselineComponent() + "|"
                + row.amount().currency();
        next.put(key, new Row(row.amount().amount().doubleValue(), row.estimated()));
        return new CostAnomalyDay(next, Math.max(at, pulledAt));
    }

    /** The line's cost of the day: every row summed (covered usage and its negation cancel, credits subtract). */
    double total() {
        return rows.values().stream().mapToDouble(Row::unblended).sum();
    }

    /** Whether any row is still Cost Explorer-estimated. */
    boolean estimated() {
        return rows.values().stream().anyMatch(Row::estimated);
    }
}
