package dev.tenantscope.clickhouse;

import dev.tenantscope.clickhouse.internal.JsonRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one SQL executor both engines implement, with identical SQL text.
 *
 * <p>Parameters are ClickHouse server-side bindings: write {@code {name:Type}} in the SQL and pass the
 * value as a string in the map (for composite types the value is written as in a {@code VALUES} clause,
 * e.g. {@code ['a','b']}). Values are never interpolated into the SQL, so any string round-trips as data.
 *
 * <p>All methods throw {@link ClickHouseException} for errors reported by the engine; the engine stays
 * usable afterwards. Implementations are thread-safe.
 */
public interface ClickHouseSql extends AutoCloseable {

    /** Runs one statement (DDL, {@code INSERT … SELECT}, {@code OPTIMIZE}, …) and discards any output. */
    default void execute(String sql) {
        execute(sql, Map.of());
    }

    /** Runs one parameterised statement and discards any output. */
    void execute(String sql, Map<String, String> params);

    /**
     * Runs a query and streams its result in a ClickHouse output format ({@code JSONEachRow},
     * {@code CSVWithNames}, {@code Parquet}, {@code RowBinary}, …). The result is not buffered whole:
     * read it and close it — an open stream holds an engine connection.
     */
    InputStream query(String sql, String format, Map<String, String> params);

    /**
     * Inserts rows encoded in an input format ({@code RowBinary}, {@code JSONEachRow}, {@code CSV}, …)
     * into {@code table}'s {@code columns}, reading {@code rows} to its end (it is not closed).
     */
    void insert(String table, List<String> columns, String format, InputStream rows);

    /** What runs underneath, e.g. {@code "chdb 26.7.3"} or {@code "server 25.8.1.1"}. */
    String engine();

    /**
     * Small results as maps (via {@code JSONEachRow}): for tests and small queries only. Values are as
     * Jackson reads the engine's JSON; whether 64-bit integers arrive as numbers or strings depends on
     * the engine's {@code output_format_json_quote_64bit_integers} (chDB 26.7: numbers).
     */
    default List<Map<String, Object>> rows(String sql, Map<String, String> params) {
        try (InputStream in = query(sql, "JSONEachRow", params)) {
            return JsonRows.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSONEachRow result of: " + sql, e);
        }
    }

    /** {@link #rows(String, Map)} without parameters. */
    default List<Map<String, Object>> rows(String sql) {
        return rows(sql, Map.of());
    }

    /**
     * The value of an {@code Array(String)} parameter: each string single-quoted, backslash and quote escaped, so
     * any value (quotes, commas, brackets) stays one element.
     */
    static String stringArray(Collection<String> values) {
        return values.stream()
                .map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** Closes this handle; never throws a checked exception. */
    @Override
    void close();
}
