package dev.tenantscope.model.rollup;

/** Whether a cost is what the tenant's workload spends, or what the account costs just by existing. */
public enum CostCategory {
    WORKLOAD,
    BASELINE;

    /** The spelling in ClickHouse ({@code 'workload'} / {@code 'baseline'}). */
    public String sqlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
