package dev.tenantscope.clickhouse.schema;

import java.util.regex.Pattern;

/**
 * One column of a catalogued table: its name and its ClickHouse type exactly as {@code system.columns} reports it
 * (e.g. {@code LowCardinality(String)}, {@code DateTime64(3, 'UTC')}), so the schema test compares text with text.
 */
public record Column(String name, String type) {
    static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public Column {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "column name must be a lower-case identifier ([a-z_][a-z0-9_]*), got '" + name + "'");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("column '" + name + "' needs a ClickHouse type, got '" + type + "'");
        }
    }

    /** Whether the column accepts SQL NULL (a {@code Nullable(...)} type); every other column needs a value. */
    public boolean nullable() {
        return type.startsWith("Nullable(");
    }
}
