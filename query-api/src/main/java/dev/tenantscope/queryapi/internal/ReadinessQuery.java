package dev.tenantscope.queryapi.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.queryapi.api.Status;
import java.util.List;
import java.util.Map;

/** {@code GET /readyz}: ClickHouse answers and every table the API reads exists. */
final class ReadinessQuery {
    static final List<String> TABLES = List.of(
            "accounts",
            "collector_runs",
            "tenant_metrics",
            "cost_daily",
            "cost_month_close",
            "cost_restatements",
            "quota_usage",
            "alerts");

    private static final String PRESENT =
            "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND has({t:Array(String)}, name)";

    private final Db db;

    ReadinessQuery(Db db) {
        this.db = db;
    }

    /** Ready, or why not; never throws for an engine failure (that is "not ready"). */
    Status check() {
        try {
            ObjectNode row = db.row(PRESENT, Map.of("t", ClickHouseSql.stringArray(TABLES)));
            long n = row == null ? 0 : row.get("n").asLong();
            if (n == TABLES.size()) {
                return Status.ready(db.sql().engine());
            }
            return Status.notReady("schema incomplete: " + n + " of " + TABLES.size() + " tables; run the migrations");
        } catch (RuntimeException e) {
            return Status.notReady("ClickHouse unreachable");
        }
    }
}
