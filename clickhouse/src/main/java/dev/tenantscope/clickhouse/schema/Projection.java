package dev.tenantscope.clickhouse.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A named view of a catalogued table's columns — a subset, possibly reordered — for a {@code SELECT} list or an
 * export header. Built from the table by naming what changes ({@link #without}, {@link #moveAfter}), never by
 * listing the columns again, so a column added to the table reaches the projection unless it is dropped on purpose.
 */
public record Projection(String name, Table table, List<Column> columns) {

    public Projection {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a projection of " + table.name() + " needs a name");
        }
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("projection '" + name + "' of " + table.name() + " has no columns");
        }
        Set<String> seen = new HashSet<>();
        for (Column c : columns) {
            if (!table.columns().contains(c)) {
                throw new IllegalArgumentException("projection '" + name + "': " + c + " is not a column of "
                        + table.name() + " " + table.columnNames());
            }
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("projection '" + name + "' lists column '" + c.name() + "' twice");
            }
        }
    }

    /** This projection minus {@code dropped} (each must be in it). */
    public Projection without(String... dropped) {
        List<Column> kept = new ArrayList<>(columns);
        for (String d : dropped) {
            kept.remove(column(d));
        }
        return new Projection(name, table, kept);
    }

    /** This projection with {@code moved} (in the given order) placed right after {@code anchor}. */
    public Projection moveAfter(String anchor, String... moved) {
        Column after = column(anchor);
        List<Column> out = new ArrayList<>(columns);
        List<Column> block = new ArrayList<>();
        for (String m : moved) {
            Column c = column(m);
            if (c.equals(after)) {
                throw new IllegalArgumentException(
                        "projection '" + name + "': cannot move column '" + anchor + "' after itself");
            }
            out.remove(c);
            block.add(c);
        }
        out.addAll(out.indexOf(after) + 1, block);
        return new Projection(name, table, out);
    }

    public List<String> columnNames() {
        return Table.names(columns);
    }

    /** {@code a, b, c}: the projection as a {@code SELECT} list. */
    public String selectList() {
        return String.join(", ", columnNames());
    }

    private Column column(String column) {
        return columns.stream()
                .filter(c -> c.name().equals(column))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("projection '" + name + "' of " + table.name()
                        + " has no column '" + column + "'; it has " + columnNames()));
    }
}
