package dev.tenantscope.clickhouse.testing;

import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.schema.Column;
import dev.tenantscope.clickhouse.schema.Table;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table as the engine reports it ({@code system.columns}, {@code system.tables} of the current database), in
 * the catalogue's own form, so a schema test compares a {@link Table} with a {@link Table}.
 */
public final class LiveSchema {
    private static final Pattern REPLACING = Pattern.compile("^ReplacingMergeTree\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private LiveSchema() {}

    /** {@code table} as migrated; fails when it is missing or not a {@code ReplacingMergeTree(<version>)}. */
    public static Table read(ClickHouseSql sql, String table) {
        Map<String, String> p = Map.of("t", table);
        List<Map<String, Object>> described = sql.rows(
                "SELECT engine_full, sorting_key, partition_key FROM system.tables"
                        + " WHERE database = currentDatabase() AND name = {t:String}",
                p);
        if (described.isEmpty()) {
            throw new AssertionError("the migrated database has no table '" + table + "'");
        }
        Map<String, Object> t = described.getFirst();
        String engine = (String) t.get("engine_full");
        Matcher m = REPLACING.matcher(engine);
        if (!m.find()) {
            throw new AssertionError("table " + table + " is not a ReplacingMergeTree(<version column>): " + engine);
        }
        List<Column> columns = sql
                .rows(
                        "SELECT name, type FROM system.columns WHERE database = currentDatabase()"
                                + " AND table = {t:String} ORDER BY position",
                        p)
                .stream()
                .map(c -> new Column((String) c.get("name"), (String) c.get("type")))
                .toList();
        List<String> sortKey = Arrays.asList(((String) t.get("sorting_key")).split(", "));
        return new Table(table, columns, m.group(1), sortKey, (String) t.get("partition_key"));
    }

    /** The names of every table in the current database. */
    public static Set<String> tables(ClickHouseSql sql) {
        Set<String> names = new TreeSet<>();
        sql.rows("SELECT name FROM system.tables WHERE database = currentDatabase()")
                .forEach(r -> names.add((String) r.get("name")));
        return names;
    }
}
