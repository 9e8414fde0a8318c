package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.internal.SqlValues.SCOPE;

import dev.tenantscope.clickhouse.schema.CostColumns;
import dev.tenantscope.clickhouse.schema.Projection;
import dev.tenantscope.clickhouse.schema.Tables;
import dev.tenantscope.model.events.CostBasis;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finance exports, streamed straight from ClickHouse's own output formats: the API copies bytes and never
 * holds a whole result. Column names are part of the contract (see openapi.yaml); each export is a named
 * projection of a catalogued table ({@link Tables}), so its SELECT list and CSV header are one list.
 */
final class Exports {
    /** An export format: the query parameter value, ClickHouse's format, the media type, the file suffix. */
    record Format(String name, String clickHouse, String mediaType, String suffix) {}

    static final Map<String, Format> FORMATS = Map.of(
            // plain CSV plus our own header line: chDB's streamed CSVWithNames repeats the header per chunk
            "csv", new Format("csv", "CSV", "text/csv; charset=utf-8", "csv"),
            "parquet", new Format("parquet", "Parquet", "application/vnd.apache.parquet", "parquet"),
            "jsonl", new Format("jsonl", "JSONEachRow", "application/x-ndjson", "jsonl"),
            // FOCUS 1.2 columns (FocusExport), current cost only
            "focus", new Format("focus", "CSV", "text/csv; charset=utf-8", "focus.csv"),
            "focus-parquet", new Format("focus-parquet", "Parquet", "application/vnd.apache.parquet", "focus.parquet"));

    static final Set<String> FORMAT_NAMES = FORMATS.keySet();

    private static final String FILTER = SCOPE + " AND ({tenant:String} = '' OR tenant_id = {tenant:String})";

    /**
     * Current cost: one row per tenant, account, day, service, record type, category, component and currency — the
     * table's own grain, in its sort-key order, so the engine streams it without aggregating or sorting (a GROUP BY
     * here was ~10× slower). Usage is workload or baseline ({@code category}; baseline rows name their component),
     * credits, refunds, tax, commitment and support fees are their own categories. Every cost_daily column but the
     * internal version and the bases not asked for: {@code amount} (unblended, the invoice line) always, plus the
     * asked basis's column when it is another.
     */
    static final Map<CostBasis, Projection> CURRENT_COLUMNS = byBasis(
            Tables.COST_DAILY.projection("cost export").without(Tables.COST_DAILY.versionColumn()),
            CostColumns::amount);

    /**
     * The frozen (month-close) figures: the current export's columns plus which freeze they come from, the freeze
     * columns right after the account.
     */
    static final Map<CostBasis, Projection> FROZEN_COLUMNS = byBasis(
            Tables.COST_MONTH_CLOSE
                    .projection("frozen cost export")
                    .without(Tables.COST_MONTH_CLOSE.versionColumn())
                    .moveAfter("account_id", "month", "frozen_version", "frozen_at"),
            CostColumns::amount);

    /**
     * What changed after a month was frozen: one row per restated account, day, service and record type; the
     * unblended frozen, current and delta, plus the frozen and current amounts of the asked basis.
     */
    static final Map<CostBasis, Projection> RESTATEMENT_COLUMNS = restatementsByBasis();

    private static Map<CostBasis, Projection> byBasis(Projection all, Function<CostBasis, String> column) {
        Map<CostBasis, Projection> out = new EnumMap<>(CostBasis.class);
        for (CostBasis asked : CostBasis.values()) {
            Projection p = all;
            for (CostBasis other : CostBasis.values()) {
                if (other != asked && other != CostBasis.UNBLENDED) {
                    p = p.without(column.apply(other));
                }
            }
            out.put(asked, p);
        }
        return out;
    }

    private static Map<CostBasis, Projection> restatementsByBasis() {
        Projection all = Tables.COST_RESTATEMENTS
                .projection("restatements export")
                .without(Tables.COST_RESTATEMENTS.versionColumn());
        Map<CostBasis, Projection> out = new EnumMap<>(CostBasis.class);
        for (CostBasis asked : CostBasis.values()) {
            Projection p = all;
            for (CostBasis other : CostBasis.values()) {
                if (other != asked && other != CostBasis.UNBLENDED) {
                    p = p.without(CostColumns.frozen(other), CostColumns.current(other));
                }
            }
            out.put(asked, p);
        }
        return out;
    }

    /**
     * The projection's columns from its table (FINAL: the latest version of each row), for one tenant scope and a
     * {@code from}..{@code to} range of {@code rangeColumn}, in the table's sort-key order.
     */
    private static String select(Projection p, String rangeColumn) {
        return "SELECT " + p.selectList() + "\nFROM " + p.table().name() + " FINAL\nWHERE " + rangeColumn
                + " >= {from:Date} AND " + rangeColumn + " <= {to:Date} AND " + FILTER + "\nORDER BY "
                + String.join(", ", p.table().sortKey());
    }

    private final Db db;
    private final Path spool;

    /** @param spool where chDB writes Parquet exports before they are streamed; null for a server engine */
    Exports(Db db, Path spool) {
        this.db = db;
        this.spool = spool;
    }

    void cost(
            Request request,
            Principal caller,
            String tenant,
            YearMonth from,
            YearMonth to,
            String version,
            CostBasis basis,
            Format f)
            throws IOException {
        boolean frozen = version.equals("frozen");
        Map<String, String> p = params(caller, tenant);
        if (f.name().startsWith("focus")) {
            if (frozen) {
                throw ApiException.badParameter(
                        "version", "the FOCUS export is of current cost; use version=current with format=" + f.name());
            }
            p.put("from", from.atDay(1).toString());
            p.put("to", to.atEndOfMonth().toString());
            FocusExport.params(p, basis);
            String name = "tenantscope-cost-" + span(from, to) + suffix(basis) + "." + f.suffix();
            stream(request, FocusExport.select(basis), FocusExport.names(), f, p, name);
            return;
        }
        p.put("from", from.atDay(1).toString());
        p.put("to", (frozen ? to.atDay(1) : to.atEndOfMonth()).toString());
        String name =
                "tenantscope-cost-" + (frozen ? "frozen-" : "") + span(from, to) + suffix(basis) + "." + f.suffix();
        Projection columns = (frozen ? FROZEN_COLUMNS : CURRENT_COLUMNS).get(basis);
        stream(request, select(columns, frozen ? "month" : "day"), columns.columnNames(), f, p, name);
    }

    void restatements(
            Request request, Principal caller, String tenant, YearMonth from, YearMonth to, CostBasis basis, Format f)
            throws IOException {
        Map<String, String> p = params(caller, tenant);
        p.put("from", from.atDay(1).toString());
        p.put("to", to.atDay(1).toString());
        String name = "tenantscope-restatements-" + span(from, to) + suffix(basis) + "." + f.suffix();
        Projection columns = RESTATEMENT_COLUMNS.get(basis);
        stream(request, select(columns, "month"), columns.columnNames(), f, p, name);
    }

    private void stream(
            Request request, String sql, List<String> columns, Format f, Map<String, String> p, String filename)
            throws IOException {
        String query = sql + (f.name().equals("jsonl") ? Db.JSON_SETTINGS : Db.SETTINGS);
        if (f.clickHouse().equals("Parquet") && spool != null) {
            spoolParquet(request, query, p, filename);
            return;
        }
        InputStream body = db.stream(query, f.clickHouse(), p);
        if (f.clickHouse().equals("CSV")) {
            String header = columns.stream().map(c -> '"' + c + '"').collect(Collectors.joining(",", "", "\n"));
            body = new SequenceInputStream(new ByteArrayInputStream(header.getBytes(StandardCharsets.UTF_8)), body);
        }
        request.stream(f.mediaType(), filename, body);
    }

    /**
     * chDB's streamed Parquet is one complete Parquet file per chunk, concatenated — unreadable. So on chDB
     * the engine writes one file (row group by row group, bounded memory) to a spool directory, which is
     * then streamed and deleted. A ClickHouse server streams a single file over HTTP and needs none of this.
     */
    private void spoolParquet(Request request, String query, Map<String, String> p, String filename)
            throws IOException {
        Files.createDirectories(spool);
        Path file = spool.resolve("export-" + UUID.randomUUID() + ".parquet");
        try {
            Map<String, String> params = new LinkedHashMap<>(p);
            params.put("spoolFile", file.toString());
            db.sql().execute("INSERT INTO FUNCTION file({spoolFile:String}, 'Parquet') " + query, params);
            request.stream(FORMATS.get("parquet").mediaType(), filename, Files.newInputStream(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Map<String, String> params(Principal caller, String tenant) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", caller.scope());
        p.put("tenant", tenant == null ? "" : tenant);
        return p;
    }

    /** The file name says the basis unless it is the default one. */
    private static String suffix(CostBasis basis) {
        return basis == CostBasis.DEFAULT ? "" : "-" + basis.apiName();
    }

    private static String span(YearMonth from, YearMonth to) {
        return from.equals(to) ? from.toString() : from + "_" + to;
    }
}
