package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.internal.SqlValues.SCOPE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Open and recently closed noisy-tenant and quota alerts, with their evidence as JSON. */
final class Alerts {
    private static final String LIST = """
            SELECT alert_id, kind, tenant_id, account_id, subject, severity, state, opened_at, updated_at,
                   closed_at, value, expected_low, expected_high, cohort_percentile, threshold,
                   forecast_exhaustion_at, evidence, count() OVER () AS total_rows
            FROM alerts FINAL
            WHERE\s""" + SCOPE + """

              AND ({tenant:String} = '' OR tenant_id = {tenant:String})
              AND ({kind:String} = '' OR kind = {kind:String})
              AND ((state = 'open' AND {open:UInt8} = 1)
                   OR (state != 'open' AND {closed:UInt8} = 1 AND updated_at >= {since:DateTime64(3, 'UTC')}))
            ORDER BY state = 'open' DESC, severity = 'critical' DESC, updated_at DESC, alert_id
            LIMIT {limit:UInt32}""";

    private final Db db;
    private final ObjectMapper json;

    Alerts(Db db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    Map<String, Object> list(Principal caller, String tenant, String state, String kind, LocalDate since, int limit) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", caller.scope());
        p.put("tenant", tenant == null ? "" : tenant);
        p.put("kind", kind.equals("all") ? "" : kind);
        p.put("open", state.equals("closed") ? "0" : "1");
        p.put("closed", state.equals("open") ? "0" : "1");
        p.put("since", SqlValues.ts(since.atStartOfDay(ZoneOffset.UTC).toInstant()));
        p.put("limit", Integer.toString(limit));
        List<ObjectNode> rows = db.rows(LIST, p);
        long total = rows.isEmpty() ? 0 : rows.get(0).get("total_rows").asLong();
        for (ObjectNode r : rows) {
            r.remove("total_rows");
            String evidence = r.get("evidence").asText();
            try {
                r.set("evidence", evidence.isEmpty() ? json.nullNode() : json.readTree(evidence));
            } catch (JsonProcessingException e) {
                r.put("evidence", evidence); // not JSON: handed back verbatim, as data
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", state);
        out.put("kind", kind);
        out.put("closedSince", since.toString());
        out.put("total", total);
        out.put("alerts", rows);
        return out;
    }
}
