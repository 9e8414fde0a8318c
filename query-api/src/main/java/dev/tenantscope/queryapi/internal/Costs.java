package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.internal.SqlValues.SCOPE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Cost per tenant over a date range, and the baseline overhead per account across the fleet. */
final class Costs {
    /** %1$s: the period expression, %2$s: the service expression (both fixed text chosen by enum). */
    private static final String TENANT_SERIES = """
            SELECT %1$s AS period, %2$s AS service, currency,
                   sumIf(amount, category = 'workload') AS workload,
                   sumIf(amount, category = 'baseline') AS baseline,
                   sum(amount) AS total
            FROM cost_daily FINAL
            WHERE tenant_id = {tenant:String} AND day >= {from:Date} AND day <= {to:Date}
            GROUP BY period, service, currency
            ORDER BY period, service, currency""";

    /**
     * Nearest-rank percentiles (the value at rank ⌈k·n/10⌉ of the sorted per-account totals, in integer arithmetic): exact, and the
     * same number any spreadsheet computes from the export.
     */
    private static final String BASELINE = """
            SELECT currency, accounts, total, median, p90, deciles, max FROM (
            SELECT currency, count() AS accounts, sum(account_total) AS total,
                   arraySort(groupArray(account_total)) AS sorted,
                   sorted[intDiv(5 * length(sorted) + 9, 10)] AS median,
                   sorted[intDiv(9 * length(sorted) + 9, 10)] AS p90,
                   arrayMap(k -> sorted[intDiv(k * length(sorted) + 9, 10)], range(1, 11))
                       AS deciles,
                   sorted[length(sorted)] AS max
            FROM (SELECT account_id, currency, sum(amount) AS account_total
                  FROM cost_daily FINAL
                  WHERE category = 'baseline' AND day >= {from:Date} AND day <= {to:Date} AND\s""" + SCOPE + """

                  GROUP BY account_id, currency)
            GROUP BY currency) ORDER BY currency""";

    private static final String BASELINE_COMPONENTS = """
            SELECT currency, component, accounts, total, median, p90 FROM (
            SELECT currency, component, count() AS accounts, sum(account_total) AS total,
                   arraySort(groupArray(account_total)) AS sorted,
                   sorted[intDiv(5 * length(sorted) + 9, 10)] AS median,
                   sorted[intDiv(9 * length(sorted) + 9, 10)] AS p90
            FROM (SELECT account_id, currency, baseline_component AS component, sum(amount) AS account_total
                  FROM cost_daily FINAL
                  WHERE category = 'baseline' AND day >= {from:Date} AND day <= {to:Date} AND\s""" + SCOPE + """

                  GROUP BY account_id, currency, component)
            GROUP BY currency, component) ORDER BY currency, total DESC, component""";

    private static final String BASELINE_TOP = """
            SELECT account_id, tenant_id, currency, sum(amount) AS total
            FROM cost_daily FINAL
            WHERE category = 'baseline' AND day >= {from:Date} AND day <= {to:Date} AND\s""" + SCOPE + """

            GROUP BY account_id, tenant_id, currency
            ORDER BY total DESC, account_id LIMIT {limit:UInt32}""";

    private final Db db;

    Costs(Db db) {
        this.db = db;
    }

    Map<String, Object> tenant(String tenant, LocalDate from, LocalDate to, String granularity, String by) {
        String period = granularity.equals("month") ? "toStartOfMonth(day)" : "day";
        String service = by.equals("service") ? "service" : "''";
        Map<String, String> p = Map.of("tenant", tenant, "from", from.toString(), "to", to.toString());
        List<ObjectNode> rows = db.rows(TENANT_SERIES.formatted(period, service), p);
        if (!by.equals("service")) {
            rows.forEach(r -> r.remove("service"));
        }
        // totals summed here, exactly (BigDecimal), rather than by a second scan of the same rows
        Map<String, ObjectNode> totals = new TreeMap<>();
        for (ObjectNode r : rows) {
            ObjectNode t = totals.computeIfAbsent(r.get("currency").asText(), c -> {
                ObjectNode n = r.objectNode();
                n.put("currency", c);
                n.put("workload", BigDecimal.ZERO);
                n.put("baseline", BigDecimal.ZERO);
                n.put("total", BigDecimal.ZERO);
                return n;
            });
            for (String k : List.of("workload", "baseline", "total")) {
                t.put(k, t.get(k).decimalValue().add(r.get(k).decimalValue()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenantId", tenant);
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("granularity", granularity);
        out.put("by", by);
        out.put("totals", List.copyOf(totals.values()));
        out.put("rows", rows);
        return out;
    }

    Map<String, Object> baseline(Principal caller, LocalDate from, LocalDate to, int top) {
        Map<String, String> p = Map.of(
                "scope", caller.scope(), "from", from.toString(), "to", to.toString(), "limit", Integer.toString(top));
        List<ObjectNode> overall = db.rows(BASELINE, p);
        List<ObjectNode> components = db.rows(BASELINE_COMPONENTS, p);
        for (ObjectNode o : overall) {
            List<ObjectNode> mine = components.stream()
                    .filter(c -> c.get("currency").equals(o.get("currency")))
                    .toList();
            o.putArray("byComponent")
                    .addAll(mine.stream()
                            .map(c -> {
                                ObjectNode copy = c.deepCopy();
                                copy.remove("currency");
                                return copy;
                            })
                            .toList());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("percentiles", "nearest-rank over per-account baseline totals in the range");
        out.put("byCurrency", overall);
        out.put("topAccounts", db.rows(BASELINE_TOP, p));
        return out;
    }
}
