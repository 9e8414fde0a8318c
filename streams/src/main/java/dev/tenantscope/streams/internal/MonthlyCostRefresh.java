package dev.tenantscope.streams.internal;

import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.schema.CostMonthly;
import dev.tenantscope.clickhouse.schema.Table;
import dev.tenantscope.clickhouse.schema.Tables;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topic;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tenant-months a sink batch's daily cost rows touched, recomputed in {@code cost_monthly} ({@link CostMonthly})
 * once the batch is in {@code cost_daily} and before its offsets are committed.
 */
final class MonthlyCostRefresh {
    /** The table the sink writes by recomputation rather than from a derived topic. */
    static final Table TABLE = Tables.COST_MONTHLY;

    private final Map<YearMonth, Set<String>> touched = new TreeMap<>();

    /** Notes the tenant-month of a record the sink buffered, if it is a daily cost row. */
    void note(Topic<String, ?> topic, Object value) {
        if (topic.equals(DerivedTopics.TENANT_COST_DAILY) && value instanceof TenantDailyCost row) {
            touched.computeIfAbsent(YearMonth.from(row.day()), m -> new HashSet<>())
                    .add(row.tenant().value());
        }
    }

    /** Recomputes what was noted; throws (the flush is then retried) when ClickHouse fails. */
    void refresh(ClickHouseSql sql) {
        touched.forEach((month, tenants) -> CostMonthly.refresh(sql, month, tenants));
    }

    void clear() {
        touched.clear();
    }
}
