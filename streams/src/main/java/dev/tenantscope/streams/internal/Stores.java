package dev.tenantscope.streams.internal;

/** State store names: stable, because they name changelog topics and survive upgrades. */
public final class Stores {
    public static final String ACCOUNTS = "accounts-global-store";
    public static final String UNASSIGNED_COST = "cost-unassigned-store";
    public static final String COST_LINES = "cost-lines-store";
    public static final String PULLED_LINES = "cost-pulled-lines-store";
    public static final String COST_DAILY = "cost-daily-store";
    public static final String COST_SUMMARY = "cost-summary-store";
    public static final String SHARED_USAGE = "shared-cost-usage-store";
    public static final String SHARED_SPLITS = "shared-cost-splits-store";
    public static final String COLLECTOR_SPEND = "collector-spend-store";
    public static final String MONTH_ROWS = "month-close-rows-store";
    public static final String MONTHS = "month-close-months-store";
    public static final String ROLLUP_WINDOWS = "rollup-windows-store";
    public static final String ROLLUP_HOURS = "rollup-hours-store";
    public static final String ROLLUP_POINTS = "rollup-points-store";
    public static final String ROLLUP_COVERAGE = "rollup-coverage-store";
    public static final String QUOTA_STATE = "quota-state-store";
    public static final String NOISY_STATE = "noisy-state-store";
    public static final String ACCOUNT_STATE = "account-state-store";
    public static final String COST_ANOMALY_STATE = "cost-anomaly-state-store";
    public static final String COST_ANOMALY_DAYS = "cost-anomaly-days-store";
    public static final String COST_ANOMALY_DUE = "cost-anomaly-due-store";

    private Stores() {}
}
