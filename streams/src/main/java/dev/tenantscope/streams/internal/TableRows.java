package dev.tenantscope.streams.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantscope.clickhouse.schema.CostColumns;
import dev.tenantscope.clickhouse.schema.Table;
import dev.tenantscope.clickhouse.schema.Tables;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.model.rollup.AccountState;
import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.rollup.CostRestatement;
import dev.tenantscope.model.rollup.MonthClose;
import dev.tenantscope.model.rollup.QuotaUsage;
import dev.tenantscope.model.rollup.TenantCollectorRun;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topic;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * How each derived topic maps onto its catalogued ClickHouse table ({@link Tables}), as JSONEachRow rows: the
 * table's name and {@code INSERT} column list come from the catalogue, the writer fills exactly those columns
 * ({@code TableRowsTest} checks it). Times are written as UTC text (the columns are declared 'UTC'), decimals as
 * exact JSON numbers, the version column from the record.
 */
public record TableRows<V>(Topic<String, V> topic, Table table, BiConsumer<V, ObjectNode> writer) {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Instant DATETIME64_FIRST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant DATETIME64_END = Instant.parse("2300-01-01T00:00:00Z");
    private static final Instant DATETIME_END = Instant.ofEpochSecond(1L << 32);

    public TableRows {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(writer, "writer");
    }

    /** The {@code INSERT} column list: the catalogued table's columns, in order. */
    public List<String> columns() {
        return table.columnNames();
    }

    /** One record as one JSONEachRow line (with the trailing newline). */
    public byte[] encode(ObjectMapper mapper, V value) {
        ObjectNode node = mapper.createObjectNode();
        writer.accept(value, node);
        try {
            byte[] json = mapper.writeValueAsBytes(node);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a row for " + table.name(), e);
        }
    }

    public static List<TableRows<?>> all() {
        return List.of(
                rollups(DerivedTopics.TENANT_METRICS_5M),
                rollups(DerivedTopics.TENANT_METRICS_1H),
                new TableRows<>(DerivedTopics.TENANT_COST_DAILY, Tables.COST_DAILY, TableRows::daily),
                new TableRows<>(
                        DerivedTopics.COST_MONTH_CLOSE, Tables.COST_MONTH_CLOSE, (MonthClose c, ObjectNode n) -> {
                            daily(c.row(), n);
                            n.put("version", c.frozenAt().toEpochMilli());
                            n.put("month", c.month().atDay(1).toString());
                            n.put("frozen_version", c.frozenVersion());
                            n.put("frozen_at", millis(c.frozenAt()));
                        }),
                new TableRows<>(
                        DerivedTopics.COST_RESTATEMENTS,
                        Tables.COST_RESTATEMENTS,
                        (CostRestatement r, ObjectNode n) -> {
                            n.put("tenant_id", r.tenant().value());
                            n.put("account_id", r.account().value());
                            n.put("month", r.month().atDay(1).toString());
                            n.put("day", r.day().toString());
                            n.put("service", r.service());
                            n.put("record_type", r.recordType());
                            n.put("category", r.category().sqlName());
                            n.put("frozen_version", r.frozenVersion());
                            for (CostBasis b : CostBasis.values()) {
                                n.put(CostColumns.frozen(b), r.frozen().of(b).amount());
                                n.put(CostColumns.current(b), r.current().of(b).amount());
                            }
                            n.put("delta", r.delta().amount());
                            n.put("currency", r.current().currency());
                            n.put("detected_at", millis(r.detectedAt()));
                            n.put("version", r.version());
                        }),
                new TableRows<>(DerivedTopics.QUOTA_USAGE, Tables.QUOTA_USAGE, (QuotaUsage q, ObjectNode n) -> {
                    n.put("account_id", q.account().value());
                    n.put("tenant_id", q.tenant().value());
                    n.put("region", q.region());
                    n.put("service_code", q.serviceCode());
                    n.put("quota_code", q.quotaCode());
                    n.put("quota_name", q.quotaName());
                    n.put("quota_value", q.quotaValue());
                    n.put("usage", q.usage());
                    n.put("utilisation", q.utilisation());
                    n.put("ts", seconds(q.ts()));
                    n.put("version", q.version());
                }),
                new TableRows<>(DerivedTopics.ALERTS, Tables.ALERTS, TableRows::alert),
                new TableRows<>(DerivedTopics.ACCOUNT_STATE, Tables.ACCOUNTS, (AccountState a, ObjectNode n) -> {
                    n.put("account_id", a.account().value());
                    n.put("tenant_id", a.tenant().value());
                    n.put("tier", a.tier());
                    n.put("environment", a.environment());
                    n.put("status", a.status().name());
                    n.put("observability", a.observability());
                    n.put("unobservable_reason", a.unobservableReason());
                    n.put("joined_at", millis(a.joinedAt()));
                    n.put("last_collected_at", a.lastCollectedAt() == null ? null : millis(a.lastCollectedAt()));
                    n.put("version", a.version());
                }),
                new TableRows<>(
                        DerivedTopics.TENANT_COLLECTOR_RUNS,
                        Tables.COLLECTOR_RUNS,
                        (TenantCollectorRun t, ObjectNode n) -> {
                            CollectorRun r = t.run();
                            n.put("account_id", r.account().value());
                            n.put("tenant_id", t.tenant().value());
                            n.put("collector_id", r.collectorId());
                            n.put("started_at", millis(r.startedAt()));
                            n.put("duration_ms", r.durationMs());
                            n.put("status", r.status().name());
                            n.put("reason", r.reason());
                            n.put("calls", r.calls());
                            n.put("errors", r.errors());
                            n.put("throttles", r.throttles());
                            n.put("api_spend", r.apiSpend().amount());
                            n.put("currency", r.apiSpend().currency());
                            n.put("version", t.version());
                        }));
    }

    private static TableRows<TenantMetricRollup> rollups(Topic<String, TenantMetricRollup> topic) {
        return new TableRows<>(topic, Tables.TENANT_METRICS, (r, n) -> {
            n.put("tenant_id", r.tenant().value());
            n.put("window", r.window());
            n.put("window_start", seconds(r.windowStart()));
            n.put("region", r.region());
            n.put("namespace", r.namespace());
            n.put("metric", r.metric());
            n.put("count", r.count());
            n.put("sum", r.sum());
            n.put("max", r.max());
            n.put("p50", r.p50());
            n.put("p90", r.p90());
            n.put("p99", r.p99());
            n.put("complete", r.complete() ? 1 : 0);
            n.put("version", r.version());
        });
    }

    private static void daily(TenantDailyCost r, ObjectNode n) {
        n.put("tenant_id", r.tenant().value());
        n.put("account_id", r.account().value());
        n.put("day", r.day().toString());
        n.put("service", r.service());
        n.put("record_type", r.recordType());
        n.put("category", r.category().sqlName());
        n.put("baseline_component", r.baselineComponent());
        for (CostBasis b : CostBasis.values()) {
            n.put(CostColumns.amount(b), r.amount(b).amount());
        }
        n.put("currency", r.amounts().currency());
        n.put("estimated", r.estimated() ? 1 : 0);
        n.put("version", r.version());
    }

    private static void alert(Alert a, ObjectNode n) {
        n.put("alert_id", a.alertId());
        n.put("kind", a.kind().name().toLowerCase(Locale.ROOT));
        n.put("tenant_id", a.tenant().value());
        n.put("account_id", a.account());
        n.put("subject", a.subject());
        n.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
        n.put("state", a.state().name().toLowerCase(Locale.ROOT));
        n.put("opened_at", millis(a.openedAt()));
        n.put("updated_at", millis(a.updatedAt()));
        n.put("closed_at", a.closedAt() == null ? null : millis(a.closedAt()));
        n.put("value", a.value());
        n.put("expected_low", a.expectedLow());
        n.put("expected_high", a.expectedHigh());
        n.put("cohort_percentile", a.cohortPercentile());
        n.put("threshold", a.threshold());
        n.put("forecast_exhaustion_at", a.forecastExhaustionAt() == null ? null : millis(a.forecastExhaustionAt()));
        n.put("evidence", a.evidence());
        n.put("version", a.version());
    }

    static String time(Instant t) {
        return millis(t);
    }

    /**
     * A {@code DateTime64(3)} value. ClickHouse stores 1900-01-01 … 2299-12-31 only, and reads some text outside it
     * as a different date without an error (measured: "-1000-01-01 00:00:00.000" is stored as 2026-01-01 12:00), so
     * a time outside the range is refused here: the record goes to the dead-letter topic instead of in wrong.
     */
    private static String millis(Instant t) {
        return inRange(t, DATETIME64_FIRST, DATETIME64_END, "DateTime64", MILLIS);
    }

    /** A {@code DateTime} value: 1970-01-01 … 2106-02-07 (seconds since the epoch in an unsigned 32-bit). */
    private static String seconds(Instant t) {
        return inRange(t, Instant.EPOCH, DATETIME_END, "DateTime", SECONDS);
    }

    private static String inRange(Instant t, Instant first, Instant end, String type, DateTimeFormatter format) {
        if (t.isBefore(first) || !t.isBefore(end)) {
            throw new IllegalArgumentException(
                    "time " + t + " is outside ClickHouse " + type + "'s range [" + first + ", " + end + ")");
        }
        return format.format(t);
    }
}
