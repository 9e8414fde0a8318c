package dev.tenantscope.clickhouse.schema;

import dev.tenantscope.clickhouse.ClickHouseSql;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps {@code cost_monthly} equal to {@code cost_daily}: the rows of some tenant-months are recomputed from
 * {@code cost_daily FINAL}, never added to, so a restated or zeroed day replaces its old value instead of counting
 * twice. The sink recomputes the tenant-months a batch touched after inserting it and before committing its offsets:
 * a crash in between replays the batch, and the recomputation with it.
 *
 * <p>The version written is the sum of the versions of the daily rows summed: daily rows are never deleted and every
 * change raises a row's version, so of two recomputations of one tenant-month (two sink instances at once, or one
 * that read before a concurrent insert), the one that saw the later state wins the ReplacingMergeTree.
 */
public final class CostMonthly {
    private static final String REFRESH = """
            INSERT INTO cost_monthly (tenant_id, month, service, category, currency, amount, net_unblended_amount,
                                      amortized_amount, net_amortized_amount, blended_amount, last_day, version)
            SELECT tenant_id, toStartOfMonth(day) AS month, service, category, currency,
                   sum(amount), sum(net_unblended_amount), sum(amortized_amount), sum(net_amortized_amount),
                   sum(blended_amount), max(day), sum(version)
            FROM cost_daily FINAL
            WHERE day >= {first:Date} AND day <= {last:Date}%s
            GROUP BY tenant_id, month, service, category, currency
            SETTINGS do_not_merge_across_partitions_select_final = 1""";

    private CostMonthly() {}

    /** Recomputes the given tenants' rows of one month. */
    public static void refresh(ClickHouseSql sql, YearMonth month, Collection<String> tenants) {
        if (tenants.isEmpty()) {
            return;
        }
        Map<String, String> p = range(month);
        p.put("tenants", ClickHouseSql.stringArray(new TreeSet<>(tenants)));
        sql.execute(REFRESH.formatted(" AND tenant_id IN {tenants:Array(String)}"), p);
    }

    /** Recomputes every tenant's rows of one month (after cost_daily was written other than by the sink). */
    public static void rebuild(ClickHouseSql sql, YearMonth month) {
        sql.execute(REFRESH.formatted(""), range(month));
    }

    /** Recomputes every month that has cost_daily rows. */
    public static void rebuildAll(ClickHouseSql sql) {
        for (Map<String, Object> row : sql.rows("SELECT DISTINCT toString(toStartOfMonth(day)) AS m FROM cost_daily")) {
            rebuild(sql, YearMonth.from(LocalDate.parse((String) row.get("m"))));
        }
    }

    private static Map<String, String> range(YearMonth month) {
        Map<String, String> p = new TreeMap<>();
        p.put("first", month.atDay(1).toString());
        p.put("last", month.atEndOfMonth().toString());
        return p;
    }
}
