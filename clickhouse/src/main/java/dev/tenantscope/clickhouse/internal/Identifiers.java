package dev.tenantscope.clickhouse.internal;

import java.util.List;
import java.util.stream.Collectors;

/** Back-quoted identifiers, for the {@code INSERT INTO t (cols)} text both engines build. */
public final class Identifiers {
    private Identifiers() {}

    /** {@code db.table} or {@code table}; each part quoted. */
    public static String table(String table) {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("table name must not be blank");
        }
        int dot = table.indexOf('.');
        return dot < 0 ? quote(table) : quote(table.substring(0, dot)) + "." + quote(table.substring(dot + 1));
    }

    public static String quote(String identifier) {
        return "`" + identifier.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    public static String insertInto(String table, List<String> columns) {
        if (columns.isEmpty()) {
            return "INSERT INTO " + table(table);
        }
        return "INSERT INTO " + table(table) + " ("
                + columns.stream().map(Identifiers::quote).collect(Collectors.joining(", ")) + ")";
    }
}
