package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.internal.SqlValues.SCOPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantscope.queryapi.QueryApiConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tenants: the list with month-to-date cost, baseline share and health, and one tenant's detail. Also
 * the gate every per-tenant route passes: {@link #requireVisible}.
 */
final class Tenants {
    private static final String EXISTS =
            "SELECT count() AS n FROM (SELECT 1 FROM accounts WHERE tenant_id = {tenant:String} LIMIT 1)";

    /** Per tenant (one row per tenant and cost currency): accounts, health inputs, month-to-date cost. */
    private static final String SUMMARY = """
            WITH acc AS (
                SELECT tenant_id, count() AS accounts,
                       countIf(status = 'ACTIVE') AS active,
                       countIf(status = 'SUSPENDED') AS suspended,
                       countIf(observability = 'UNOBSERVABLE') AS unobservable,
                       countIf(status = 'ACTIVE' AND (last_collected_at IS NULL
                               OR last_collected_at < {staleBefore:DateTime64(3, 'UTC')})) AS stale,
                       max(last_collected_at) AS last_collected
                FROM accounts FINAL
                WHERE %1$s
                GROUP BY tenant_id),
            cost AS (
                SELECT tenant_id, currency, sum(amount) AS total, sumIf(amount, category = 'baseline') AS baseline
                FROM cost_daily FINAL
                WHERE day >= {from:Date} AND day <= {to:Date} AND %1$s
                GROUP BY tenant_id, currency),
            al AS (
                SELECT tenant_id, count() AS open_alerts, countIf(severity = 'critical') AS critical_alerts
                FROM alerts FINAL
                WHERE state = 'open' AND %1$s
                GROUP BY tenant_id)
            SELECT acc.tenant_id AS tenant_id, accounts, active, suspended, unobservable, stale,
                   last_collected AS last_collected_at,
                   cost.currency AS currency, cost.total AS cost, cost.baseline AS baseline,
                   al.open_alerts AS open_alerts, al.critical_alerts AS critical_alerts,
                   count() OVER () AS total_rows
            FROM acc
            LEFT JOIN cost ON cost.tenant_id = acc.tenant_id
            LEFT JOIN al ON al.tenant_id = acc.tenant_id
            ORDER BY %2$s
            LIMIT {limit:UInt32} OFFSET {offset:UInt32}""".formatted(SCOPE, "%s");

    private static final String ACCOUNTS = """
            SELECT account_id, tier, environment, status, observability, unobservable_reason, joined_at,
                   last_collected_at
            FROM accounts FINAL
            WHERE tenant_id = {tenant:String}
            ORDER BY account_id""";

    private static final String SERVICES = """
            SELECT service, currency, sumIf(amount, category = 'workload') AS workload,
                   sumIf(amount, category = 'baseline') AS baseline, sum(amount) AS total
            FROM cost_daily FINAL
            WHERE tenant_id = {tenant:String} AND day >= {from:Date} AND day <= {to:Date}
            GROUP BY service, currency
            ORDER BY total DESC, service""";

    private final Db db;
    private final QueryApiConfig config;

    Tenants(Db db, QueryApiConfig config) {
        this.db = db;
        this.config = config;
    }

    /**
     * Fails with the same 404 whether {@code tenant} does not exist or the caller may not see it, so a
     * tenant token cannot even learn which other tenants exist.
     */
    void requireVisible(Principal caller, String tenant, String parameter) {
        if (tenant == null || tenant.isEmpty() || tenant.length() > Params.MAX_VALUE_CHARS) {
            throw ApiException.badParameter(
                    parameter, "expected a tenant id of 1.." + Params.MAX_VALUE_CHARS + " characters");
        }
        if (!caller.sees(tenant)) {
            throw ApiException.tenantNotFound(parameter);
        }
        ObjectNode row = db.row(EXISTS, Map.of("tenant", tenant));
        if (row == null || row.get("n").asLong() == 0) {
            throw ApiException.tenantNotFound(parameter);
        }
    }

    Map<String, Object> list(Principal caller, LocalDate asOf, String sort, int limit, int offset) {
        String order = switch (sort) {
            case "tenant" -> "tenant_id, currency";
            case "alerts" -> "critical_alerts DESC, open_alerts DESC, tenant_id, currency";
            default -> "cost DESC, tenant_id, currency";
        };
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", caller.scope());
        p.put("from", asOf.withDayOfMonth(1).toString());
        p.put("to", asOf.toString());
        p.put("staleBefore", SqlValues.ts(now().minus(config.staleAfter())));
        p.put("limit", Integer.toString(limit));
        p.put("offset", Integer.toString(offset));
        List<ObjectNode> rows = db.rows(SUMMARY.formatted(order), p);
        long total = rows.isEmpty() ? 0 : rows.get(0).get("total_rows").asLong();
        rows.forEach(r -> shape(r));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asOf", asOf.toString());
        out.put("monthToDate", Map.of("from", p.get("from"), "to", p.get("to")));
        out.put("total", total);
        out.put("limit", limit);
        out.put("offset", offset);
        out.put("tenants", rows);
        return out;
    }

    Map<String, Object> detail(Principal caller, String tenant, LocalDate asOf) {
        requireVisible(caller, tenant, "tenantId");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", tenant);
        p.put("tenant", tenant);
        p.put("from", asOf.withDayOfMonth(1).toString());
        p.put("to", asOf.toString());
        p.put("staleBefore", SqlValues.ts(now().minus(config.staleAfter())));
        p.put("limit", "100");
        p.put("offset", "0");
        List<ObjectNode> summary = db.rows(SUMMARY.formatted("tenant_id, currency"), p);
        summary.forEach(r -> shape(r));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenantId", tenant);
        out.put("asOf", asOf.toString());
        out.put("monthToDate", Map.of("from", p.get("from"), "to", p.get("to")));
        ObjectNode first = summary.get(0);
        out.put("health", first.get("health"));
        out.put("summary", summary);
        out.put("accounts", db.rows(ACCOUNTS, p));
        out.put("costByService", db.rows(SERVICES, p));
        return out;
    }

    /** Health: critical (critical alert or nothing observable), warn (any alert, unobservable or stale), ok. */
    private static void shape(ObjectNode r) {
        r.remove("total_rows");
        long accounts = r.get("accounts").asLong();
        long unobservable = r.get("unobservable").asLong();
        long open = r.get("open_alerts").asLong();
        String health;
        if (r.get("critical_alerts").asLong() > 0 || (accounts > 0 && unobservable == accounts)) {
            health = "critical";
        } else if (open > 0 || unobservable > 0 || r.get("stale").asLong() > 0) {
            health = "warn";
        } else {
            health = "ok";
        }
        r.put("health", health);
        JsonNode currency = r.get("currency");
        if (currency == null || currency.asText().isEmpty()) {
            r.putNull("currency");
            r.put("cost", BigDecimal.ZERO);
            r.put("baseline", BigDecimal.ZERO);
            r.putNull("baselineShare");
        } else {
            BigDecimal cost = r.get("cost").decimalValue();
            BigDecimal baseline = r.get("baseline").decimalValue();
            if (cost.signum() == 0) {
                r.putNull("baselineShare");
            } else {
                r.put("baselineShare", baseline.divide(cost, 4, RoundingMode.HALF_EVEN));
            }
        }
    }

    private Instant now() {
        return config.clock().instant();
    }
}
