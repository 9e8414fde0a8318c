package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.internal.SqlValues.SCOPE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tenantscope.queryapi.api.AlertPage;
import dev.tenantscope.queryapi.api.AlertPage.Alert;
import dev.tenantscope.queryapi.api.AlertPage.Kind;
import dev.tenantscope.queryapi.api.AlertPage.State;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code GET /api/v1/alerts}: open and recently closed noisy-tenant, quota and cost-anomaly alerts, with their evidence. */
final class AlertsQuery {
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

    /** A row with the number of matching alerts before LIMIT. */
    private record Counted(Alert alert, long total) {}

    private final Db db;
    private final ObjectMapper json;

    AlertsQuery(Db db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /** @param tenant one tenant the caller sees, or null for all it sees */
    AlertPage list(Principal caller, @Nullable String tenant, State state, Kind kind, LocalDate since, int limit) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", caller.scope());
        p.put("tenant", tenant == null ? "" : tenant);
        p.put("kind", kind == Kind.ALL ? "" : kind.wire());
        p.put("open", state == State.CLOSED ? "0" : "1");
        p.put("closed", state == State.OPEN ? "0" : "1");
        p.put("since", SqlValues.ts(since.atStartOfDay(ZoneOffset.UTC).toInstant()));
        p.put("limit", Integer.toString(limit));
        List<Counted> rows = db.list(LIST, p, this::alert);
        long total = rows.isEmpty() ? 0 : rows.getFirst().total();
        return new AlertPage(
                state, kind, since, total, rows.stream().map(Counted::alert).toList());
    }

    private Counted alert(Row r) {
        Alert alert = new Alert(
                r.text("alert_id"),
                r.text("kind"),
                r.text("tenant_id"),
                r.text("account_id"),
                r.text("subject"),
                r.text("severity"),
                r.text("state"),
                r.instant("opened_at"),
                r.instant("updated_at"),
                r.instantOrNull("closed_at"),
                r.number("value"),
                r.number("expected_low"),
                r.number("expected_high"),
                r.number("cohort_percentile"),
                r.number("threshold"),
                r.instantOrNull("forecast_exhaustion_at"),
                evidence(r.text("evidence")));
        return new Counted(alert, r.integer("total_rows"));
    }

    /** The stored JSON; text that is not JSON is handed back verbatim, as data; none is JSON null. */
    private JsonNode evidence(String stored) {
        if (stored.isEmpty()) {
            return json.nullNode();
        }
        try {
            return json.readTree(stored);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(stored);
        }
    }
}
