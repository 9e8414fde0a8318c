package dev.tenantscope.queryapi.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.queryapi.QueryApiConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Per-tenant gauges for alerting, with bounded cardinality: the top N tenants by each value keep their
 * own series ({@code group="top"}); the rest fold into one {@code tenant="(other)", group="other"} series
 * (sum for cost, max for scores). Refreshed at scrape time, at most once per {@code gaugeRefresh}.
 */
final class TenantGauges {
    static final String OTHER = "(other)";

    private static final String COST = """
            SELECT tenant_id, currency, sum({{amount}}) AS v
            FROM cost_daily FINAL
            WHERE day >= {from:Date} AND day <= {to:Date}
            GROUP BY tenant_id, currency""";

    private static final String NOISY = """
            SELECT tenant_id, '' AS currency, max(cohort_percentile) AS v
            FROM alerts FINAL
            WHERE kind = 'noisy' AND state = 'open'
            GROUP BY tenant_id""";

    private static final String QUOTA = """
            SELECT tenant_id, '' AS currency, max(u) AS v
            FROM (SELECT tenant_id, account_id, region, service_code, quota_code, argMax(utilisation, ts) AS u
                  FROM quota_usage FINAL
                  GROUP BY tenant_id, account_id, region, service_code, quota_code)
            GROUP BY tenant_id""";

    private final Db db;
    private final QueryApiConfig config;
    private final MultiGauge cost;
    private final MultiGauge noisy;
    private final MultiGauge quota;
    private Instant refreshedAt = Instant.MIN; // guarded by this

    TenantGauges(Db db, QueryApiConfig config, MeterRegistry registry) {
        this.db = db;
        this.config = config;
        this.cost = MultiGauge.builder("tenantscope.tenant.cost.month.to.date")
                .description("Cost month-to-date per tenant (top N; the rest summed in tenant=\"(other)\")")
                .register(registry);
        this.noisy = MultiGauge.builder("tenantscope.tenant.noisy.score")
                .description("Highest cohort percentile of the tenant's open noisy alerts (0 when none)")
                .register(registry);
        this.quota = MultiGauge.builder("tenantscope.tenant.quota.utilisation.max")
                .description("Worst latest quota utilisation (0..1) over the tenant's accounts")
                .register(registry);
    }

    /** Re-reads the values when older than the refresh interval; called before each scrape. */
    synchronized void refreshIfStale() {
        Instant now = config.clock().instant();
        if (refreshedAt.plus(config.gaugeRefresh()).isAfter(now)) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Map<String, String> p = Map.of("from", today.withDayOfMonth(1).toString(), "to", today.toString());
        cost.register(rows(db.rows(SqlValues.amount(COST, CostBasis.DEFAULT), p), true, BigDecimal::add), true);
        noisy.register(rows(db.rows(NOISY, Map.of()), false, BigDecimal::max), true);
        quota.register(rows(db.rows(QUOTA, Map.of()), false, BigDecimal::max), true);
        refreshedAt = now;
    }

    private List<MultiGauge.Row<?>> rows(
            List<ObjectNode> values, boolean withCurrency, BinaryOperator<BigDecimal> fold) {
        Map<String, List<ObjectNode>> byCurrency = new LinkedHashMap<>();
        for (ObjectNode v : values) {
            byCurrency
                    .computeIfAbsent(v.get("currency").asText(), c -> new ArrayList<>())
                    .add(v);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        int topN = config.tenantGaugeTopN();
        byCurrency.forEach((currency, list) -> {
            list.sort(Comparator.comparing((ObjectNode n) -> n.get("v").decimalValue())
                    .reversed()
                    .thenComparing(n -> n.get("tenant_id").asText()));
            BigDecimal rest = null;
            for (int i = 0; i < list.size(); i++) {
                ObjectNode n = list.get(i);
                BigDecimal v = n.get("v").decimalValue();
                if (i < topN) {
                    rows.add(row(n.get("tenant_id").asText(), "top", withCurrency ? currency : null, v));
                } else {
                    rest = rest == null ? v : fold.apply(rest, v);
                }
            }
            if (rest != null) {
                rows.add(row(OTHER, "other", withCurrency ? currency : null, rest));
            }
        });
        return rows;
    }

    private static MultiGauge.Row<?> row(String tenant, String group, String currency, BigDecimal value) {
        Tags tags = Tags.of("tenant", tenant, "group", group);
        if (currency != null) {
            tags = tags.and("currency", currency);
        }
        double v = value.doubleValue(); // exposition is double anyway; money stays decimal everywhere else
        return MultiGauge.Row.of(tags, () -> v);
    }
}
