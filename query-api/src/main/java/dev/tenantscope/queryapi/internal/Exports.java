package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.internal.SqlValues.SCOPE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finance exports, streamed straight from ClickHouse's own output formats: the API copies bytes and never
 * holds a whole result. Column names are part of the contract (see openapi.yaml).
 */
final class Exports {
    /** An export format: the query parameter value, ClickHouse's format, the media type, the file suffix. */
    record Format(String name, String clickHouse, String mediaType, String suffix) {}

    static final Map<String, Format> FORMATS = Map.of(
            "csv", new Format("csv", "CSVWithNames", "text/csv; charset=utf-8", "csv"),
            "parquet", new Format("parquet", "Parquet", "application/vnd.apache.parquet", "parquet"),
            "jsonl", new Format("jsonl", "JSONEachRow", "application/x-ndjson", "jsonl"));

    static final Set<String> FORMAT_NAMES = FORMATS.keySet();

    private static final String FILTER = SCOPE + " AND ({tenant:String} = '' OR tenant_id = {tenant:String})";

    /**
     * Current cost: one row per tenant, account, day and service — the table's own grain, in its sort-key
     * order, so the engine streams it without aggregating or sorting (a GROUP BY here was ~10× slower).
     * Each service is workload or baseline ({@code category}); baseline rows name their component.
     */
    static final String CURRENT = """
            SELECT tenant_id, account_id, day, service, category, baseline_component, amount, currency, estimated
            FROM cost_daily FINAL
            WHERE day >= {from:Date} AND day <= {to:Date} AND\s""" + FILTER + """

            ORDER BY tenant_id, day, account_id, service""";

    /** The frozen (month-close) figures: the same columns plus which freeze they come from. */
    static final String FROZEN = """
            SELECT tenant_id, account_id, month, frozen_version, frozen_at, day, service, category,
                   baseline_component, amount, currency, estimated
            FROM cost_month_close FINAL
            WHERE month >= {from:Date} AND month <= {to:Date} AND\s""" + FILTER + """

            ORDER BY tenant_id, month, account_id, service, day""";

    /** What changed after a month was frozen: one row per restated account, day and service. */
    static final String RESTATEMENTS = """
            SELECT tenant_id, account_id, month, day, service, frozen_version, frozen_amount, current_amount,
                   delta, currency, detected_at
            FROM cost_restatements FINAL
            WHERE month >= {from:Date} AND month <= {to:Date} AND\s""" + FILTER + """

            ORDER BY tenant_id, month, account_id, service, day""";

    private static final String MONTHS = """
            SELECT month, currency, max(frozen_version) AS frozen_version, max(frozen_at) AS frozen_at,
                   uniqExact(tenant_id) AS tenants, sum(amount) AS frozen_total
            FROM cost_month_close FINAL
            WHERE\s""" + FILTER + """

            GROUP BY month, currency ORDER BY month, currency""";

    private static final String RESTATED = """
            SELECT month, currency, count() AS restated_rows, sum(delta) AS delta
            FROM cost_restatements FINAL
            WHERE\s""" + FILTER + """

            GROUP BY month, currency ORDER BY month, currency""";

    private final Db db;

    Exports(Db db) {
        this.db = db;
    }

    void cost(Request request, Principal caller, String tenant, YearMonth from, YearMonth to, String version, Format f)
            throws IOException {
        boolean frozen = version.equals("frozen");
        Map<String, String> p = params(caller, tenant);
        p.put("from", from.atDay(1).toString());
        p.put("to", (frozen ? to.atDay(1) : to.atEndOfMonth()).toString());
        String name = "tenantscope-cost-" + (frozen ? "frozen-" : "") + span(from, to) + "." + f.suffix();
        stream(request, frozen ? FROZEN : CURRENT, f, p, name);
    }

    void restatements(Request request, Principal caller, String tenant, YearMonth from, YearMonth to, Format f)
            throws IOException {
        Map<String, String> p = params(caller, tenant);
        p.put("from", from.atDay(1).toString());
        p.put("to", to.atDay(1).toString());
        stream(request, RESTATEMENTS, f, p, "tenantscope-restatements-" + span(from, to) + "." + f.suffix());
    }

    Map<String, Object> months(Principal caller, String tenant) {
        Map<String, String> p = params(caller, tenant);
        List<ObjectNode> frozen = db.rows(MONTHS, p);
        List<ObjectNode> restated = db.rows(RESTATED, p);
        for (ObjectNode m : frozen) {
            ObjectNode r = restated.stream()
                    .filter(x -> x.get("month").equals(m.get("month"))
                            && x.get("currency").equals(m.get("currency")))
                    .findFirst()
                    .orElse(null);
            m.put("restated_rows", r == null ? 0 : r.get("restated_rows").asLong());
            m.set("restatement_delta", r == null ? m.numberNode(java.math.BigDecimal.ZERO) : r.get("delta"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("months", frozen);
        return out;
    }

    private void stream(Request request, String sql, Format f, Map<String, String> p, String filename)
            throws IOException {
        String query = sql + (f.name().equals("jsonl") ? Db.JSON_SETTINGS : Db.SETTINGS);
        InputStream body = db.stream(query, f.clickHouse(), p);
        request.stream(f.mediaType(), filename, body);
    }

    private static Map<String, String> params(Principal caller, String tenant) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", caller.scope());
        p.put("tenant", tenant == null ? "" : tenant);
        return p;
    }

    private static String span(YearMonth from, YearMonth to) {
        return from.equals(to) ? from.toString() : from + "_" + to;
    }
}
