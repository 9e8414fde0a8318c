package dev.tenantscope.queryapi.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Text forms of server-side parameter values ({@code {name:Type}}), and the shared SQL fragments. */
final class SqlValues {
    /** Restricts a query to the caller's tenant; {@code {scope:String}} is '' for fleet-wide callers. */
    static final String SCOPE = "({scope:String} = '' OR tenant_id = {scope:String})";

    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private SqlValues() {}

    /** {@code sql} with every {@code {{amount}}} replaced by the amount column of {@code basis} (fixed text). */
    static String amount(String sql, dev.tenantscope.model.events.CostBasis basis) {
        return sql.replace("{{amount}}", dev.tenantscope.clickhouse.schema.CostColumns.amount(basis));
    }

    /** For a {@code DateTime64(3, 'UTC')} parameter. */
    static String ts(Instant instant) {
        return TS.format(instant);
    }
}
