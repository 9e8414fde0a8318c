package dev.tenantscope.clickhouse.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One table as the migrations leave it: columns in their declared order, the ReplacingMergeTree version column,
 * the sort key (the fact's identity) and the partition key ({@code ""} when unpartitioned). The schema test checks
 * every field against {@code system.columns} / {@code system.tables}.
 */
public record Table(
        String name, List<Column> columns, String versionColumn, List<String> sortKey, String partitionKey) {

    public Table {
        if (name == null || !Column.IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "table name must be a lower-case identifier ([a-z_][a-z0-9_]*), got '" + name + "'");
        }
        columns = List.copyOf(columns);
        sortKey = List.copyOf(sortKey);
        Objects.requireNonNull(partitionKey, "partitionKey ('' when unpartitioned)");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " needs at least one column");
        }
        Set<String> names = new HashSet<>();
        for (Column c : columns) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("table " + name + " declares column '" + c.name() + "' twice");
            }
        }
        if (!names.contains(versionColumn)) {
            throw new IllegalArgumentException("table " + name + ": version column '" + versionColumn
                    + "' is not one of its columns " + names(columns));
        }
        if (sortKey.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " needs a sort key (ORDER BY)");
        }
        for (String k : sortKey) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException(
                        "table " + name + ": sort key column '" + k + "' is not one of its columns " + names(columns));
            }
        }
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Column names in declared order: the column list of an {@code INSERT}. */
    public List<String> columnNames() {
        return names(columns);
    }

    public boolean has(String column) {
        return columns.stream().anyMatch(c -> c.name().equals(column));
    }

    /** The column called {@code column}; an unknown name fails, naming the table's columns. */
    public Column column(String column) {
        return columns.stream()
                .filter(c -> c.name().equals(column))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "table " + name + " has no column '" + column + "'; its columns are " + columnNames()));
    }

    /** Every column, in declared order, as a projection to narrow or reorder. */
    public Projection projection(String projectionName) {
        return new Projection(projectionName, this, columns);
    }

    static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    /** Reads like the {@code CREATE TABLE} it describes. */
    public static final class Builder {
        private final String name;
        private final List<Column> columns = new ArrayList<>();
        private String versionColumn;
        private List<String> sortKey = List.of();
        private String partitionKey = "";

        private Builder(String name) {
            this.name = name;
        }

        public Builder column(String column, String type) {
            columns.add(new Column(column, type));
            return this;
        }

        /** Another table's columns, in its order (a table that extends another). */
        public Builder columnsOf(Table other) {
            columns.addAll(other.columns());
            return this;
        }

        public Builder versionedBy(String column) {
            this.versionColumn = column;
            return this;
        }

        public Builder orderBy(String... key) {
            this.sortKey = List.of(key);
            return this;
        }

        public Builder partitionBy(String expression) {
            this.partitionKey = expression;
            return this;
        }

        public Table build() {
            return new Table(name, columns, versionColumn, sortKey, partitionKey);
        }
    }
}
