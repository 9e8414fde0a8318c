package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.internal.SqlValues.SCOPE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantscope.queryapi.QueryApiConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * {@code GET /api/v1/fleet/health}: accounts by state, collection freshness, tenants with open alerts,
 * quotas at risk and the collectors' own API spend. Its queries run in parallel (each small).
 */
final class FleetHealth {
    private static final String ACCOUNTS = """
            SELECT count() AS total,
                   countIf(status = 'ACTIVE') AS active,
                   countIf(status = 'SUSPENDED') AS suspended,
                   countIf(status = 'CLOSED') AS closed,
                   countIf(observability = 'OBSERVABLE') AS observable,
                   countIf(observability = 'UNOBSERVABLE') AS unobservable,
                   countIf(observability = 'UNKNOWN') AS unknown,
                   countIf(joined_at >= {newSince:DateTime64(3, 'UTC')}) AS new_accounts,
                   countIf(status = 'ACTIVE' AND last_collected_at >= {staleBefore:DateTime64(3, 'UTC')}) AS fresh,
                   countIf(status = 'ACTIVE' AND (last_collected_at IS NULL
                           OR last_collected_at < {staleBefore:DateTime64(3, 'UTC')})) AS stale,
                   countIf(status = 'ACTIVE' AND last_collected_at IS NULL) AS never_collected,
                   minIf(last_collected_at, status = 'ACTIVE' AND last_collected_at IS NOT NULL) AS oldest_collection,
                   uniqExact(tenant_id) AS tenants
            FROM accounts FINAL
            WHERE """ + SCOPE;

    private static final String REASONS = """
            SELECT unobservable_reason AS reason, count() AS accounts
            FROM accounts FINAL
            WHERE observability = 'UNOBSERVABLE' AND\s""" + SCOPE + """

            GROUP BY reason ORDER BY accounts DESC, reason""";

    private static final String LISTS = """
            SELECT list, account_id, tenant_id, status, observability, unobservable_reason,
                   joined_at, last_collected_at
            FROM accounts FINAL
            ARRAY JOIN arrayFilter(x -> x != '', [
                if(observability = 'UNOBSERVABLE', 'unobservable', ''),
                if(status = 'SUSPENDED', 'suspended', ''),
                if(joined_at >= {newSince:DateTime64(3, 'UTC')}, 'new', ''),
                if(status = 'ACTIVE' AND (last_collected_at IS NULL
                   OR last_collected_at < {staleBefore:DateTime64(3, 'UTC')}), 'stale', '')]) AS list
            WHERE\s""" + SCOPE + """

            ORDER BY list, last_collected_at ASC NULLS FIRST, account_id
            LIMIT {limit:UInt32} BY list""";

    /** One pass over the runs: per account its latest status and its calls and spend, then per status. */
    private static final String RUNS = """
            SELECT status, currency, count() AS accounts, sum(spend) AS api_spend, sum(c) AS calls,
                   sum(e) AS errors, sum(t) AS throttles, sum(n) AS runs
            FROM (SELECT account_id, currency, argMax(status, started_at) AS status, sum(api_spend) AS spend,
                         sum(calls) AS c, sum(errors) AS e, sum(throttles) AS t, count() AS n
                  FROM collector_runs FINAL
                  WHERE started_at >= {since:DateTime64(3, 'UTC')} AND started_at <= {now:DateTime64(3, 'UTC')}
                    AND\s""" + SCOPE + """

                  GROUP BY account_id, currency)
            GROUP BY status, currency ORDER BY status, currency""";

    private static final String ALERTED_TENANTS = """
            SELECT tenant_id, countIf(kind = 'noisy') AS noisy, countIf(kind = 'quota') AS quota,
                   countIf(severity = 'critical') AS critical, count() AS open, count() OVER () AS tenants
            FROM alerts FINAL
            WHERE state = 'open' AND\s""" + SCOPE + """

            GROUP BY tenant_id
            ORDER BY critical DESC, open DESC, tenant_id
            LIMIT {limit:UInt32}""";

    private static final String QUOTAS = """
            SELECT account_id, tenant_id, region, service_code, quota_code,
                   argMax(quota_name, ts) AS name, argMax(quota_value, ts) AS quota,
                   argMax(usage, ts) AS used, argMax(utilisation, ts) AS latest_utilisation, max(ts) AS at
            FROM quota_usage FINAL
            WHERE\s""" + SCOPE + """

            GROUP BY account_id, tenant_id, region, service_code, quota_code
            HAVING latest_utilisation >= {threshold:Float64}
            ORDER BY latest_utilisation DESC, account_id, region, service_code, quota_code
            LIMIT {limit:UInt32}""";

    private static final String FORECASTS = """
            SELECT alert_id, tenant_id, account_id, subject, severity, value, threshold, forecast_exhaustion_at
            FROM alerts FINAL
            WHERE kind = 'quota' AND state = 'open' AND forecast_exhaustion_at IS NOT NULL
              AND forecast_exhaustion_at <= {horizon:DateTime64(3, 'UTC')} AND\s""" + SCOPE + """

            ORDER BY forecast_exhaustion_at, alert_id
            LIMIT {limit:UInt32}""";

    /**
     * Collector runs are read over the last 24 hours only: one run per account per sweep is ~86 M rows a
     * month at 10,000 accounts, too much to scan per request. Month-to-date API spend, priced, is the
     * {@code collector-api} component of {@code /api/v1/cost/baseline}.
     */
    static final Duration RUN_WINDOW = Duration.ofHours(24);

    private final Db db;
    private final QueryApiConfig config;
    private final ExecutorService executor;

    FleetHealth(Db db, QueryApiConfig config, ExecutorService executor) {
        this.db = db;
        this.config = config;
        this.executor = executor;
    }

    /** One answer being computed or computed; {@code expiresAt} is System.nanoTime()-based. */
    private record Cached(long expiresAt, CompletableFuture<Map<String, Object>> value) {}

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * Fleet health is the same for every caller of a scope and changes once per collection sweep
     * (minutes), while every dashboard viewer polls it: one computation per scope per
     * {@code fleetHealthCacheTtl} bounds the database load; concurrent callers share it (single flight).
     */
    Map<String, Object> report(Principal caller, int limit) {
        long ttl = config.fleetHealthCacheTtl().toNanos();
        if (ttl == 0) {
            return compute(caller, limit);
        }
        String key = caller.scope() + '\u0000' + limit;
        long now = System.nanoTime();
        Cached fresh = new Cached(now + ttl, new CompletableFuture<>());
        Cached current = cache.compute(key, (k, old) -> old != null && old.expiresAt() - now > 0 ? old : fresh);
        if (current == fresh) {
            if (cache.size() > MAX_CACHED) {
                cache.values().removeIf(c -> c.expiresAt() - now <= 0);
            }
            try {
                fresh.value().complete(compute(caller, limit));
            } catch (RuntimeException e) {
                cache.remove(key, fresh); // failures are not cached
                fresh.value().completeExceptionally(e);
                throw e;
            }
        }
        try {
            return current.value().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private static final int MAX_CACHED = 1024;

    private Map<String, Object> compute(Principal caller, int limit) {
        Instant now = config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        Instant runsSince = now.minus(RUN_WINDOW);
        Instant staleBefore = now.minus(config.staleAfter());
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", caller.scope());
        p.put("now", SqlValues.ts(now));
        p.put("newSince", SqlValues.ts(now.minus(config.newAccountDays(), ChronoUnit.DAYS)));
        p.put("staleBefore", SqlValues.ts(staleBefore));
        p.put("since", SqlValues.ts(runsSince));
        p.put("limit", Integer.toString(limit));
        p.put("threshold", Double.toString(config.quotaThreshold()));
        p.put("horizon", SqlValues.ts(now.plus(config.forecastHorizon())));

        List<Callable<List<ObjectNode>>> queries = new ArrayList<>();
        for (String q : List.of(ACCOUNTS, REASONS, LISTS, RUNS, ALERTED_TENANTS, QUOTAS, FORECASTS)) {
            queries.add(() -> db.rows(q, p));
        }
        List<List<ObjectNode>> r = runAll(queries);
        ObjectNode acc = r.get(0).get(0);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asOf", now.toString());
        Map<String, Object> accounts = new LinkedHashMap<>();
        accounts.put("total", acc.get("total"));
        accounts.put("tenants", acc.get("tenants"));
        accounts.put(
                "byStatus",
                Map.of("ACTIVE", acc.get("active"), "SUSPENDED", acc.get("suspended"), "CLOSED", acc.get("closed")));
        accounts.put(
                "byObservability",
                Map.of(
                        "OBSERVABLE", acc.get("observable"),
                        "UNOBSERVABLE", acc.get("unobservable"),
                        "UNKNOWN", acc.get("unknown")));
        accounts.put("unobservableByReason", r.get(1));
        accounts.put("newSince", p.get("newSince"));
        accounts.put("new", acc.get("new_accounts"));
        Map<String, List<ObjectNode>> lists = new LinkedHashMap<>();
        for (String name : List.of("unobservable", "suspended", "new", "stale")) {
            lists.put(name, new ArrayList<>());
        }
        for (ObjectNode row : r.get(2)) {
            String list = row.remove("list").asText();
            lists.get(list).add(row);
        }
        accounts.put("unobservable", lists.get("unobservable"));
        accounts.put("suspended", lists.get("suspended"));
        accounts.put("newAccounts", lists.get("new"));
        out.put("accounts", accounts);

        Map<String, Object> freshness = new LinkedHashMap<>();
        freshness.put("staleAfter", config.staleAfter().toString());
        freshness.put("fresh", acc.get("fresh"));
        freshness.put("stale", acc.get("stale"));
        freshness.put("neverCollected", acc.get("never_collected"));
        freshness.put("oldestCollection", acc.get("oldest_collection"));
        freshness.put("stalest", lists.get("stale"));
        freshness.put("latestRunStatus", byStatus(r.get(3)));
        out.put("freshness", freshness);

        List<ObjectNode> alerted = r.get(4);
        Map<String, Object> alerts = new LinkedHashMap<>();
        alerts.put(
                "tenants", alerted.isEmpty() ? 0 : alerted.get(0).get("tenants").asLong());
        alerted.forEach(n -> n.remove("tenants"));
        alerts.put("top", alerted);
        out.put("tenantsWithOpenAlerts", alerts);

        Map<String, Object> quotas = new LinkedHashMap<>();
        quotas.put("threshold", config.quotaThreshold());
        quotas.put("aboveThreshold", r.get(5));
        quotas.put("forecastHorizon", config.forecastHorizon().toString());
        quotas.put("forecastToRunOut", r.get(6));
        out.put("quotas", quotas);

        Map<String, Object> spend = new LinkedHashMap<>();
        spend.put("from", SqlValues.ts(runsSince));
        spend.put("to", SqlValues.ts(now));
        spend.put("byCurrency", byCurrency(r.get(3)));
        out.put("collectorApiSpend", spend);
        return out;
    }

    /** {status, accounts} from the runs rows (summed over currencies). */
    private static List<Map<String, Object>> byStatus(List<ObjectNode> runs) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        runs.forEach(
                n -> counts.merge(n.get("status").asText(), n.get("accounts").asLong(), Long::sum));
        List<Map<String, Object>> out = new ArrayList<>();
        counts.forEach((status, n) -> out.add(Map.of("status", status, "accounts", n)));
        return out;
    }

    /** {currency, api_spend, calls, errors, throttles, runs} from the runs rows (summed over statuses). */
    private static List<Map<String, Object>> byCurrency(List<ObjectNode> runs) {
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        for (ObjectNode n : runs) {
            Map<String, Object> c = out.computeIfAbsent(n.get("currency").asText(), k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("currency", k);
                m.put("api_spend", java.math.BigDecimal.ZERO);
                for (String f : List.of("calls", "errors", "throttles", "runs")) {
                    m.put(f, 0L);
                }
                return m;
            });
            c.put(
                    "api_spend",
                    ((java.math.BigDecimal) c.get("api_spend"))
                            .add(n.get("api_spend").decimalValue()));
            for (String f : List.of("calls", "errors", "throttles", "runs")) {
                c.put(f, (Long) c.get(f) + n.get(f).asLong());
            }
        }
        return List.copyOf(out.values());
    }

    private List<List<ObjectNode>> runAll(List<Callable<List<ObjectNode>>> queries) {
        try {
            List<List<ObjectNode>> out = new ArrayList<>();
            for (Future<List<ObjectNode>> f : executor.invokeAll(queries)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying fleet health", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
