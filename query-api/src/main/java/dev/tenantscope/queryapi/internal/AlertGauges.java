package dev.tenantscope.queryapi.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantscope.queryapi.QueryApiConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gauges Prometheus alerts on ({@code deploy/prometheus/tenantscope-rules.yml}), read from ClickHouse:
 * open alerts per tenant × account × kind × severity × trigger, and accounts needing attention (stale,
 * unobservable). Cardinality is bounded as in {@link TenantGauges}: the first N series ({@code tenantGaugeTopN},
 * critical and highest first) keep their labels ({@code group="top"}); the rest are counted in one
 * {@code tenant="(other)", account="(other)", group="other"} series per kind, severity and trigger (per condition
 * for accounts). Refreshed at scrape time, at most once per {@code gaugeRefresh}.
 */
final class AlertGauges {
    static final String OTHER = TenantGauges.OTHER;

    /**
     * {@code trigger}: why a quota alert is open — {@code forecast} when only the trend's exhaustion forecast keeps
     * it open (utilisation below the threshold it reports), else {@code utilisation}; other kinds name their
     * detector, so a new kind (cost anomalies) appears without a change here.
     */
    private static final String OPEN = """
            SELECT kind, severity, tenant_id, account_id,
                   multiIf(kind = 'quota' AND forecast_exhaustion_at IS NOT NULL AND value < threshold, 'forecast',
                           kind = 'quota', 'utilisation',
                           kind = 'noisy', 'deviation',
                           'anomaly') AS alert_trigger,
                   count() AS n, max(value) AS v
            FROM alerts FINAL
            WHERE state = 'open'
            GROUP BY kind, severity, tenant_id, account_id, alert_trigger
            ORDER BY kind, severity = 'critical' DESC, v DESC, tenant_id, account_id, alert_trigger""";

    private static final String ATTENTION = """
            SELECT condition, tenant_id, account_id,
                   if(condition = 'unobservable', substring(unobservable_reason, 1, 120), '') AS reason,
                   count() OVER (PARTITION BY condition) AS accounts
            FROM accounts FINAL
            ARRAY JOIN arrayFilter(x -> x != '', [
                if(observability = 'UNOBSERVABLE', 'unobservable', ''),
                if(status = 'ACTIVE' AND (last_collected_at IS NULL
                   OR last_collected_at < {staleBefore:DateTime64(3, 'UTC')}), 'stale', '')]) AS condition
            ORDER BY condition, last_collected_at ASC NULLS FIRST, account_id
            LIMIT {limit:UInt32} BY condition""";

    private final Db db;
    private final QueryApiConfig config;
    private final MultiGauge open;
    private final MultiGauge attention;
    private Instant refreshedAt = Instant.MIN; // guarded by this

    AlertGauges(Db db, QueryApiConfig config, MeterRegistry registry) {
        this.db = db;
        this.config = config;
        this.open = MultiGauge.builder("tenantscope.alerts.open")
                .description("Open alerts (ClickHouse alerts table) per tenant, account, kind, severity and trigger"
                        + " (top N; the rest counted in tenant=\"(other)\")")
                .register(registry);
        this.attention = MultiGauge.builder("tenantscope.accounts.attention")
                .description("Accounts that are stale (no collection within alerts.staleAfter) or unobservable"
                        + " (top N per condition, oldest collection first; the rest counted in tenant=\"(other)\")")
                .register(registry);
    }

    /** Re-reads the values when older than the refresh interval; called before each scrape. */
    synchronized void refreshIfStale() {
        Instant now = config.clock().instant();
        if (refreshedAt.plus(config.gaugeRefresh()).isAfter(now)) {
            return;
        }
        open.register(openRows(db.rows(OPEN, Map.of())), true);
        Instant staleBefore = now.truncatedTo(ChronoUnit.MILLIS).minus(config.staleAfter());
        Map<String, String> p =
                Map.of("staleBefore", SqlValues.ts(staleBefore), "limit", Integer.toString(config.tenantGaugeTopN()));
        attention.register(attentionRows(db.rows(ATTENTION, p)), true);
        refreshedAt = now;
    }

    private List<MultiGauge.Row<?>> openRows(List<ObjectNode> values) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        Map<Tags, Long> rest = new LinkedHashMap<>();
        Map<String, Integer> shown = new LinkedHashMap<>();
        for (ObjectNode v : values) {
            String kind = v.get("kind").asText();
            Tags alert = Tags.of(
                    "kind",
                    kind,
                    "severity",
                    v.get("severity").asText(),
                    "trigger",
                    v.get("alert_trigger").asText());
            long n = v.get("n").asLong();
            if (shown.merge(kind, 1, Integer::sum) <= config.tenantGaugeTopN()) {
                rows.add(row(
                        alert, v.get("tenant_id").asText(), v.get("account_id").asText(), "top", n));
            } else {
                rest.merge(alert, n, Long::sum);
            }
        }
        rest.forEach((alert, n) -> rows.add(row(alert, OTHER, OTHER, "other", n)));
        return rows;
    }

    private static List<MultiGauge.Row<?>> attentionRows(List<ObjectNode> values) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        Map<String, long[]> byCondition = new LinkedHashMap<>(); // condition → {all accounts, listed}
        for (ObjectNode v : values) {
            String condition = v.get("condition").asText();
            long[] counts = byCondition.computeIfAbsent(condition, c -> new long[2]);
            counts[0] = v.get("accounts").asLong();
            counts[1]++;
            Tags tags =
                    Tags.of("condition", condition, "reason", v.get("reason").asText());
            rows.add(row(tags, v.get("tenant_id").asText(), v.get("account_id").asText(), "top", 1));
        }
        byCondition.forEach((condition, counts) -> {
            if (counts[0] > counts[1]) {
                Tags tags = Tags.of("condition", condition, "reason", OTHER);
                rows.add(row(tags, OTHER, OTHER, "other", counts[0] - counts[1]));
            }
        });
        return rows;
    }

    private static MultiGauge.Row<?> row(Tags tags, String tenant, String account, String group, long value) {
        return MultiGauge.Row.of(tags.and("tenant", tenant, "account", account, "group", group), () -> value);
    }
}
