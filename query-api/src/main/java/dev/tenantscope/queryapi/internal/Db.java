package dev.tenantscope.queryapi.internal;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantscope.clickhouse.ClickHouseSql;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the API's parameterised SQL. JSON results keep 64-bit integers and decimals as JSON numbers,
 * read back as exact {@link java.math.BigDecimal}s: money never passes through a double.
 */
public final class Db {
    /**
     * Appended to every query. FINAL need not merge across partitions: the only partitioned table
     * (cost_daily, by month of {@code day}) has {@code day} in its row key, so duplicates never span
     * partitions — and FINAL then reads partitions in parallel and in order.
     */
    static final String SETTINGS = "\nSETTINGS do_not_merge_across_partitions_select_final = 1";

    /** Appended to every JSON query: numbers as numbers, so clients need no string parsing. */
    static final String JSON_SETTINGS = SETTINGS + ", output_format_json_quote_64bit_integers = 0,"
            + " output_format_json_quote_decimals = 0, output_format_json_quote_64bit_floats = 0";

    private final ClickHouseSql sql;
    private final ObjectReader rowReader;

    public Db(ClickHouseSql sql, ObjectMapper json) {
        this.sql = sql;
        this.rowReader = json.readerFor(ObjectNode.class);
    }

    /** A small result as JSON objects (one per row). */
    public List<ObjectNode> rows(String query, Map<String, String> params) {
        try (InputStream in = sql.query(query + JSON_SETTINGS, "JSONEachRow", params);
                MappingIterator<ObjectNode> it = rowReader.readValues(in)) {
            List<ObjectNode> out = new ArrayList<>();
            while (it.hasNextValue()) {
                out.add(it.nextValue());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the result of an API query", e);
        }
    }

    /** A small result, each row mapped by {@code mapper} (the query's own row → record mapping). */
    public <T> List<T> list(String query, Map<String, String> params, Function<Row, T> mapper) {
        return rows(query, params).stream().map(n -> mapper.apply(new Row(n))).toList();
    }

    /** The first row, or null. */
    public ObjectNode row(String query, Map<String, String> params) {
        List<ObjectNode> rows = rows(query, params);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A result streamed in a ClickHouse output format; the caller closes it. */
    public InputStream stream(String query, String format, Map<String, String> params) {
        return sql.query(query, format, params);
    }

    public ClickHouseSql sql() {
        return sql;
    }
}
