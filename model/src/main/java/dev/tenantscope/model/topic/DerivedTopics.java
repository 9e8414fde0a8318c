package dev.tenantscope.model.topic;

import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.rollup.CostRestatement;
import dev.tenantscope.model.rollup.MonthClose;
import dev.tenantscope.model.rollup.QuotaUsage;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.rollup.TenantDaySummary;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics the streams application writes and the ClickHouse sink (and alerting) read. Keys are the
 * records' {@code key()} strings; the changelog-like ones are compacted so the latest value per key survives.
 */
public final class DerivedTopics {
    public static final Topic<String, TenantMetricRollup> TENANT_METRICS_5M = new Topic<>(
            "tenantscope.tenant.metrics.5m", Serdes.String(), JsonSerde.of(TenantMetricRollup.class), false);

    public static final Topic<String, TenantMetricRollup> TENANT_METRICS_1H = new Topic<>(
            "tenantscope.tenant.metrics.1h", Serdes.String(), JsonSerde.of(TenantMetricRollup.class), false);

    public static final Topic<String, TenantDailyCost> TENANT_COST_DAILY =
            new Topic<>("tenantscope.tenant.cost.daily", Serdes.String(), JsonSerde.of(TenantDailyCost.class), true);

    public static final Topic<String, TenantDaySummary> TENANT_COST_DAILY_SUMMARY = new Topic<>(
            "tenantscope.tenant.cost.daily.summary", Serdes.String(), JsonSerde.of(TenantDaySummary.class), true);

    public static final Topic<String, MonthClose> COST_MONTH_CLOSE =
            new Topic<>("tenantscope.tenant.cost.month-close", Serdes.String(), JsonSerde.of(MonthClose.class), true);

    public static final Topic<String, CostRestatement> COST_RESTATEMENTS = new Topic<>(
            "tenantscope.tenant.cost.restatements", Serdes.String(), JsonSerde.of(CostRestatement.class), true);

    public static final Topic<String, QuotaUsage> QUOTA_USAGE =
            new Topic<>("tenantscope.quota.usage", Serdes.String(), JsonSerde.of(QuotaUsage.class), false);

    public static final Topic<String, Alert> ALERTS =
            new Topic<>("tenantscope.alerts", Serdes.String(), JsonSerde.of(Alert.class), false);

    private DerivedTopics() {}

    /** Every derived topic, for provisioning. */
    public static List<Topic<String, ?>> all() {
        return List.of(
                TENANT_METRICS_5M,
                TENANT_METRICS_1H,
                TENANT_COST_DAILY,
                TENANT_COST_DAILY_SUMMARY,
                COST_MONTH_CLOSE,
                COST_RESTATEMENTS,
                QUOTA_USAGE,
                ALERTS);
    }
}
