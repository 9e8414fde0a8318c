package dev.tenantscope.clickhouse.schema;

import dev.tenantscope.clickhouse.Migrations;
import java.util.List;
import java.util.Map;

/**
 * The catalogue: every table the migrations ({@code db/migration}) create, as the last migration leaves it. The
 * migrations stay the DDL that runs (released files are never edited); this is their description for code — the
 * sink's {@code INSERT} column lists, the exports' {@code SELECT}s and headers — and {@code TableCatalogueIT}
 * applies the migrations on a real engine and checks each table here equals {@code system.columns} /
 * {@code system.tables}. Adding a column: a new migration, the column here, and the sink writer that fills it.
 */
public final class Tables {
    private static final String STRING = "String";
    private static final String LOW_CARDINALITY = "LowCardinality(String)";
    private static final String MILLIS_UTC = "DateTime64(3, 'UTC')";
    private static final String SECONDS_UTC = "DateTime('UTC')";
    private static final String MONEY = "Decimal(18, 6)";
    /** Per-request API prices: fractions of a cent (V004). */
    private static final String FINE_MONEY = "Decimal(18, 9)";

    private static final String VERSION = "version";

    private Tables() {}

    public static final Table ACCOUNTS = Table.named("accounts")
            .column("account_id", STRING)
            .column("tenant_id", STRING)
            .column("tier", LOW_CARDINALITY)
            .column("environment", LOW_CARDINALITY)
            .column("status", LOW_CARDINALITY)
            .column("observability", LOW_CARDINALITY)
            .column("unobservable_reason", STRING)
            .column("joined_at", MILLIS_UTC)
            .column("last_collected_at", "Nullable(" + MILLIS_UTC + ")")
            .column(VERSION, "UInt64")
            .versionedBy(VERSION)
            .orderBy("account_id")
            .build();

    public static final Table COLLECTOR_RUNS = Table.named("collector_runs")
            .column("account_id", STRING)
            .column("tenant_id", STRING)
            .column("collector_id", STRING)
            .column("started_at", MILLIS_UTC)
            .column("duration_ms", "UInt32")
            .column("status", LOW_CARDINALITY)
            .column("reason", STRING)
            .column("calls", "UInt32")
            .column("errors", "UInt32")
            .column("throttles", "UInt32")
            .column("api_spend", FINE_MONEY)
            .column("currency", LOW_CARDINALITY)
            .column(VERSION, "UInt64")
            .versionedBy(VERSION)
            .orderBy("account_id", "started_at")
            .build();

    public static final Table TENANT_METRICS = Table.named("tenant_metrics")
            .column("tenant_id", STRING)
            .column("window", LOW_CARDINALITY)
            .column("window_start", SECONDS_UTC)
            .column("region", LOW_CARDINALITY)
            .column("namespace", LOW_CARDINALITY)
            .column("metric", LOW_CARDINALITY)
            .column("count", "UInt64")
            .column("sum", "Float64")
            .column("max", "Float64")
            .column("p50", "Float64")
            .column("p90", "Float64")
            .column("p99", "Float64")
            .column("complete", "UInt8")
            .column(VERSION, "UInt64")
            .versionedBy(VERSION)
            .orderBy("tenant_id", "window", "namespace", "metric", "window_start", "region")
            .build();

    /**
     * One row per tenant, account, day, service, record type, category, baseline component and currency. {@code
     * amount} is the unblended amount (the invoice line); the other bases beside it ({@link CostColumns}).
     * {@code record_type} is Cost Explorer's RECORD_TYPE ('' on rows written before V003: Usage).
     */
    public static final Table COST_DAILY = Table.named("cost_daily")
            .column("tenant_id", STRING)
            .column("account_id", STRING)
            .column("day", "Date")
            .column("service", LOW_CARDINALITY)
            .column("record_type", LOW_CARDINALITY)
            .column("category", LOW_CARDINALITY)
            .column("baseline_component", LOW_CARDINALITY)
            .column("amount", MONEY)
            .column("net_unblended_amount", MONEY)
            .column("amortized_amount", MONEY)
            .column("net_amortized_amount", MONEY)
            .column("blended_amount", MONEY)
            .column("currency", LOW_CARDINALITY)
            .column("estimated", "UInt8")
            .column(VERSION, "UInt64")
            .versionedBy(VERSION)
            .orderBy(
                    "tenant_id",
                    "day",
                    "account_id",
                    "service",
                    "category",
                    "baseline_component",
                    "currency",
                    "record_type")
            .partitionBy("toYYYYMM(day)")
            .build();

    /**
     * cost_daily summed per tenant, month, service, category and currency, under every basis (V005), recomputed
     * from cost_daily by {@link CostMonthly}: {@code last_day} is the month's latest day with cost, {@code version}
     * the sum of the summed rows' versions.
     */
    public static final Table COST_MONTHLY = Table.named("cost_monthly")
            .column("tenant_id", STRING)
            .column("month", "Date")
            .column("service", LOW_CARDINALITY)
            .column("category", LOW_CARDINALITY)
            .column("currency", LOW_CARDINALITY)
            .column("amount", MONEY)
            .column("net_unblended_amount", MONEY)
            .column("amortized_amount", MONEY)
            .column("net_amortized_amount", MONEY)
            .column("blended_amount", MONEY)
            .column("last_day", "Date")
            .column(VERSION, "UInt64")
            .versionedBy(VERSION)
            .orderBy("tenant_id", "month", "service", "category", "currency")
            .build();

    /** The frozen snapshot of a closed month: cost_daily's columns plus the freeze. */
    public static final Table COST_MONTH_CLOSE = Table.named("cost_month_close")
            .columnsOf(COST_DAILY)
            .column("month", "Date")
            .column("frozen_version", "UInt32")
            .column("frozen_at", MILLIS_UTC)
            .versionedBy(VERSION)
            .orderBy(
                    "tenant_id",
                    "month",
                    "account_id",
                    "service",
                    "day",
                    "category",
                    "baseline_component",
                    "currency",
                    "record_type")
            .build();

    /**
     * A change to a frozen month's row: {@code frozen_amount}, {@code current_amount} and {@code delta} are
     * unblended; the frozen and current amounts under the other bases follow.
     */
    public static final Table COST_RESTATEMENTS = Table.named("cost_restatements")
            .column("tenant_id", STRING)
            .column("account_id", STRING)
            .column("month", "Date")
            .column("day", "Date")
            .column("service", LOW_CARDINALITY)
            .column("record_type", LOW_CARDINALITY)
            .column("category", LOW_CARDINALITY)
            .column("frozen_version", "UInt32")
            .column("frozen_amount", MONEY)
            .column("current_amount", MONEY)
            .column("delta", MONEY)
            .column("frozen_net_unblended_amount", MONEY)
            .column("current_net_unblended_amount", MONEY)
            .column("frozen_amortized_amount", MONEY)
            .column("current_amortized_amount", MONEY)
            .column("frozen_net_amortized_amount", MONEY)
            .column("current_net_amortized_amount", MONEY)
            .column("frozen_blended_amount", MONEY)
            .column("current_blended_amount", MONEY)
            .column("currency", LOW_CARDINALITY)
            .column("detected_at", MILLIS_UTC)
            .column(VERSION, "UInt64")
            .versionedBy(VERSION)
            .orderBy("tenant_id", "month", "account_id", "service", "day", "record_type", "category")
            .build();

    public static final Table QUOTA_USAGE = Table.named("quota_usage")
            .column("account_id", STRING)
            .column("tenant_id", STRING)
            .column("region", LOW_CARDINALITY)
            .column("service_code", LOW_CARDINALITY)
            .column("quota_code", STRING)
            .column("quota_name", STRING)
            .column("quota_value", "Float64")
            .column("usage", "Float64")
            .column("utilisation", "Float64")
            .column("ts", SECONDS_UTC)
            .column(VERSION, "UInt64")
            .versionedBy(VERSION)
            .orderBy("account_id", "region", "service_code", "quota_code", "ts")
            .build();

    public static final Table ALERTS = Table.named("alerts")
            .column("alert_id", STRING)
            .column("kind", LOW_CARDINALITY)
            .column("tenant_id", STRING)
            .column("account_id", STRING)
            .column("subject", STRING)
            .column("severity", LOW_CARDINALITY)
            .column("state", LOW_CARDINALITY)
            .column("opened_at", MILLIS_UTC)
            .column("updated_at", MILLIS_UTC)
            .column("closed_at", "Nullable(" + MILLIS_UTC + ")")
            .column("value", "Float64")
            .column("expected_low", "Float64")
            .column("expected_high", "Float64")
            .column("cohort_percentile", "Float64")
            .column("threshold", "Float64")
            .column("forecast_exhaustion_at", "Nullable(" + MILLIS_UTC + ")")
            .column("evidence", STRING)
            .column(VERSION, "UInt64")
            .versionedBy(VERSION)
            .orderBy("tenant_id", "alert_id")
            .build();

    private static final List<Table> ALL = List.of(
            ACCOUNTS,
            COLLECTOR_RUNS,
            TENANT_METRICS,
            COST_DAILY,
            COST_MONTH_CLOSE,
            COST_RESTATEMENTS,
            QUOTA_USAGE,
            ALERTS,
            COST_MONTHLY);

    /**
     * Tables a migrated database holds that are not catalogued on purpose, each with the reason. The schema test
     * fails on any other uncatalogued table.
     */
    public static final Map<String, String> NOT_CATALOGUED = Map.of(
            Migrations.DEFAULT_TABLE,
            "Migrations' own record of applied files: created and written by Migrations.apply, not by a migration"
                    + " file, and never read or written by the sink or the API");

    /** Every catalogued table, in migration order. */
    public static List<Table> all() {
        return ALL;
    }

    /** The catalogued table called {@code name}; an unknown name fails, naming the catalogued ones. */
    public static Table named(String name) {
        return ALL.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no catalogued table '" + name + "'; the catalogue has "
                        + ALL.stream().map(Table::name).toList()));
    }
}
