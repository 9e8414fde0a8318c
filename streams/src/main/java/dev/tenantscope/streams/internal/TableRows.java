package dev.tenantscope.streams.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.rollup.CostRestatement;
import dev.tenantscope.model.rollup.MonthClose;
import dev.tenantscope.model.rollup.QuotaUsage;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topic;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * How each derived topic maps onto its V001 ClickHouse table, as JSONEachRow rows. Times are written as UTC text
 * (the columns are declared 'UTC'), decimals as exact JSON numbers, the version column from the record.
 */
public record TableRows<V>(
        Topic<String, V> topic, String table, List<String> columns, BiConsumer<V, ObjectNode> writer) {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Writes one record as one JSONEachRow line (with the trailing newline) into {@code out}. */
    public byte[] encode(ObjectMapper mapper, V value) {
        ObjectNode node = mapper.createObjectNode();
        writer.accept(value, node);
        try {
            byte[] json = mapper.writeValueAsBytes(node);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a row for " + table, e);
        }
    }

    public static List<TableRows<?>> all() {
        return List.of(
                rollups(DerivedTopics.TENANT_METRICS_5M),
                rollups(DerivedTopics.TENANT_METRICS_1H),
                new TableRows<>(
                        DerivedTopics.TENANT_COST_DAILY,
                        "cost_daily",
                        List.of(
                                "tenant_id",
                                "account_id",
                                "day",
                                "service",
                                "category",
                                "baseline_component",
                                "amount",
                                "currency",
                                "estimated",
                                "version"),
                        TableRows::daily),
                new TableRows<>(
                        DerivedTopics.COST_MONTH_CLOSE,
                        "cost_month_close",
                        List.of(
                                "tenant_id",
                                "account_id",
                                "day",
                                "service",
                                "category",
                                "baseline_component",
                                "amount",
                                "currency",
                                "estimated",
                                "version",
                                "month",
                                "frozen_version",
                                "frozen_at"),
                        (MonthClose c, ObjectNode n) -> {
                            daily(c.row(), n);
                            n.put("version", c.frozenAt().toEpochMilli());
                            n.put("month", c.month().atDay(1).toString());
                            n.put("frozen_version", c.frozenVersion());
                            n.put("frozen_at", MILLIS.format(c.frozenAt()));
                        }),
                new TableRows<>(
                        DerivedTopics.COST_RESTATEMENTS,
                        "cost_restatements",
                        List.of(
                                "tenant_id",
                                "account_id",
                                "month",
                                "day",
                                "service",
                                "frozen_version",
                                "frozen_amount",
                                "current_amount",
                                "delta",
                                "currency",
                                "detected_at",
                                "version"),
                        (CostRestatement r, ObjectNode n) -> {
                            n.put("tenant_id", r.tenant().value());
                            n.put("account_id", r.account().value());
                            n.put("month", r.month().atDay(1).toString());
                            n.put("day", r.day().toString());
                            n.put("service", r.service());
                            n.put("frozen_version", r.frozenVersion());
                            n.put("frozen_amount", r.frozenAmount().amount());
                            n.put("current_amount", r.currentAmount().amount());
                            n.put("delta", r.delta().amount());
                            n.put("currency", r.currentAmount().currency());
                            n.put("detected_at", MILLIS.format(r.detectedAt()));
                            n.put("version", r.version());
                        }),
                new TableRows<>(
                        DerivedTopics.QUOTA_USAGE,
                        "quota_usage",
                        List.of(
                                "account_id",
                                "tenant_id",
                                "service_code",
                                "quota_code",
                                "quota_name",
                                "quota_value",
                                "usage",
                                "utilisation",
                                "ts",
                                "version"),
                        (QuotaUsage q, ObjectNode n) -> {
                            n.put("account_id", q.account().value());
                            n.put("tenant_id", q.tenant().value());
                            n.put("service_code", q.serviceCode());
                            n.put("quota_code", q.quotaCode());
                            n.put("quota_name", q.quotaName());
                            n.put("quota_value", q.quotaValue());
                            n.put("usage", q.usage());
                            n.put("utilisation", q.utilisation());
                            n.put("ts", SECONDS.format(q.ts()));
                            n.put("version", q.version());
                        }),
                new TableRows<>(
                        DerivedTopics.ALERTS,
                        "alerts",
                        List.of(
                                "alert_id",
                                "kind",
                                "tenant_id",
                                "account_id",
                                "subject",
                                "severity",
                                "state",
                                "opened_at",
                                "updated_at",
                                "closed_at",
                                "value",
                                "expected_low",
                                "expected_high",
                                "cohort_percentile",
                                "threshold",
                                "forecast_exhaustion_at",
                                "evidence",
                                "version"),
                        TableRows::alert));
    }

    private static TableRows<TenantMetricRollup> rollups(Topic<String, TenantMetricRollup> topic) {
        return new TableRows<>(
                topic,
                "tenant_metrics",
                List.of(
                        "tenant_id",
                        "window",
                        "window_start",
                        "namespace",
                        "metric",
                        "count",
                        "sum",
                        "max",
                        "p50",
                        "p90",
                        "p99",
                        "version"),
                (r, n) -> {
                    n.put("tenant_id", r.tenant().value());
                    n.put("window", r.window());
                    n.put("window_start", SECONDS.format(r.windowStart()));
                    n.put("namespace", r.namespace());
                    n.put("metric", r.metric());
                    n.put("count", r.count());
                    n.put("sum", r.sum());
                    n.put("max", r.max());
                    n.put("p50", r.p50());
                    n.put("p90", r.p90());
                    n.put("p99", r.p99());
                    n.put("version", r.version());
                });
    }

    private static void daily(TenantDailyCost r, ObjectNode n) {
        n.put("tenant_id", r.tenant().value());
        n.put("account_id", r.account().value());
        n.put("day", r.day().toString());
        n.put("service", r.service());
        n.put("category", r.category().sqlName());
        n.put("baseline_component", r.baselineComponent());
        n.put("amount", r.amount().amount());
        n.put("currency", r.amount().currency());
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
        n.put("opened_at", MILLIS.format(a.openedAt()));
        n.put("updated_at", MILLIS.format(a.updatedAt()));
        n.put("closed_at", a.closedAt() == null ? null : MILLIS.format(a.closedAt()));
        n.put("value", a.value());
        n.put("expected_low", a.expectedLow());
        n.put("expected_high", a.expectedHigh());
        n.put("cohort_percentile", a.cohortPercentile());
        n.put("threshold", a.threshold());
        n.put(
                "forecast_exhaustion_at",
                a.forecastExhaustionAt() == null ? null : MILLIS.format(a.forecastExhaustionAt()));
        n.put("evidence", a.evidence());
        n.put("version", a.version());
    }

    static String time(Instant t) {
        return MILLIS.format(t);
    }
}
