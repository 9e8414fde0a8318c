package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.internal.SqlValues.SCOPE;

import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.api.FleetHealth;
import dev.tenantscope.queryapi.api.FleetHealth.AccountState;
import dev.tenantscope.queryapi.api.FleetHealth.AccountsByObservability;
import dev.tenantscope.queryapi.api.FleetHealth.AccountsByStatus;
import dev.tenantscope.queryapi.api.FleetHealth.AlertedTenant;
import dev.tenantscope.queryapi.api.FleetHealth.ApiSpend;
import dev.tenantscope.queryapi.api.FleetHealth.CollectorApiSpend;
import dev.tenantscope.queryapi.api.FleetHealth.FleetAccounts;
import dev.tenantscope.queryapi.api.FleetHealth.Freshness;
import dev.tenantscope.queryapi.api.FleetHealth.OpenAlerts;
import dev.tenantscope.queryapi.api.FleetHealth.QuotaAtRisk;
import dev.tenantscope.queryapi.api.FleetHealth.QuotaForecast;
import dev.tenantscope.queryapi.api.FleetHealth.QuotaRisks;
import dev.tenantscope.queryapi.api.FleetHealth.ReasonCount;
import dev.tenantscope.queryapi.api.FleetHealth.RunStatusCount;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/fleet/health}: accounts by state, collection freshness, tenants with open alerts,
 * quotas at risk and the collectors' own API spend. Its seven queries are small and run in parallel.
 */
final class FleetHealthQuery implements FleetHealthSource {
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
                   countIf(kind = 'cost') AS cost,
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

    FleetHealthQuery(Db db, QueryApiConfig config, ExecutorService executor) {
        this.db = db;
        this.config = config;
        this.executor = executor;
    }

    /** The single row of ACCOUNTS. */
    private record Counts(
            long total,
            long tenants,
            AccountsByStatus byStatus,
            AccountsByObservability byObservability,
            long newAccounts,
            long fresh,
            long stale,
            long neverCollected,
            @Nullable Instant oldestCollection) {}

    /** A row of LISTS: which list the account is on. */
    private record Listed(String list, AccountState account) {}

    /** A row of RUNS: accounts whose latest run has {@code status}, and their spend in one currency. */
    private record Runs(String status, long accounts, ApiSpend spend) {}

    /** A row of ALERTED_TENANTS, with the count of all alerted tenants (before LIMIT). */
    private record Alerted(AlertedTenant tenant, long tenants) {}

    @Override
    public FleetHealth report(Principal caller, int limit) {
        Instant now = config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        Instant runsSince = now.minus(RUN_WINDOW);
        Instant newSince = now.minus(config.newAccountDays(), ChronoUnit.DAYS);
        Map<String, String> p = params(caller, limit, now, runsSince, newSince);
        List<Future<?>> started = new ArrayList<>();
        try {
            Future<List<Counts>> counts = start(started, () -> db.list(ACCOUNTS, p, FleetHealthQuery::counts));
            Future<List<ReasonCount>> reasons = start(started, () -> db.list(REASONS, p, FleetHealthQuery::reason));
            Future<List<Listed>> lists = start(started, () -> db.list(LISTS, p, FleetHealthQuery::listed));
            Future<List<Runs>> runs = start(started, () -> db.list(RUNS, p, FleetHealthQuery::runs));
            Future<List<Alerted>> alerted =
                    start(started, () -> db.list(ALERTED_TENANTS, p, FleetHealthQuery::alerted));
            Future<List<QuotaAtRisk>> quotas = start(started, () -> db.list(QUOTAS, p, FleetHealthQuery::quota));
            Future<List<QuotaForecast>> forecasts =
                    start(started, () -> db.list(FORECASTS, p, FleetHealthQuery::forecast));

            Counts c = await(counts).getFirst();
            Map<String, List<AccountState>> listed = byList(await(lists));
            List<Runs> r = await(runs);
            List<Alerted> a = await(alerted);
            return new FleetHealth(
                    now,
                    new FleetAccounts(
                            c.total(),
                            c.tenants(),
                            c.byStatus(),
                            c.byObservability(),
                            await(reasons),
                            newSince,
                            c.newAccounts(),
                            listed.get("unobservable"),
                            listed.get("suspended"),
                            listed.get("new")),
                    new Freshness(
                            config.staleAfter(),
                            c.fresh(),
                            c.stale(),
                            c.neverCollected(),
                            c.oldestCollection(),
                            listed.get("stale"),
                            byStatus(r)),
                    new OpenAlerts(
                            a.isEmpty() ? 0 : a.getFirst().tenants(),
                            a.stream().map(Alerted::tenant).toList()),
                    new QuotaRisks(config.quotaThreshold(), await(quotas), config.forecastHorizon(), await(forecasts)),
                    new CollectorApiSpend(runsSince, now, byCurrency(r)));
        } finally {
            started.forEach(f -> f.cancel(true)); // no-op for finished ones; stops the rest after a failure
        }
    }

    private Map<String, String> params(Principal caller, int limit, Instant now, Instant runsSince, Instant newSince) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", caller.scope());
        p.put("now", SqlValues.ts(now));
        p.put("newSince", SqlValues.ts(newSince));
        p.put("staleBefore", SqlValues.ts(now.minus(config.staleAfter())));
        p.put("since", SqlValues.ts(runsSince));
        p.put("limit", Integer.toString(limit));
        p.put("threshold", Double.toString(config.quotaThreshold()));
        p.put("horizon", SqlValues.ts(now.plus(config.forecastHorizon())));
        return p;
    }

    private static Counts counts(Row r) {
        return new Counts(
                r.integer("total"),
                r.integer("tenants"),
                new AccountsByStatus(r.integer("active"), r.integer("suspended"), r.integer("closed")),
                new AccountsByObservability(r.integer("observable"), r.integer("unobservable"), r.integer("unknown")),
                r.integer("new_accounts"),
                r.integer("fresh"),
                r.integer("stale"),
                r.integer("never_collected"),
                r.instantOrNull("oldest_collection"));
    }

    private static ReasonCount reason(Row r) {
        return new ReasonCount(r.text("reason"), r.integer("accounts"));
    }

    private static Listed listed(Row r) {
        return new Listed(
                r.text("list"),
                new AccountState(
                        r.text("account_id"),
                        r.text("tenant_id"),
                        r.text("status"),
                        r.text("observability"),
                        r.text("unobservable_reason"),
                        r.instant("joined_at"),
                        r.instantOrNull("last_collected_at")));
    }

    private static Runs runs(Row r) {
        String currency = r.text("currency");
        return new Runs(
                r.text("status"),
                r.integer("accounts"),
                new ApiSpend(
                        currency,
                        r.decimal("api_spend"),
                        r.integer("calls"),
                        r.integer("errors"),
                        r.integer("throttles"),
                        r.integer("runs")));
    }

    private static Alerted alerted(Row r) {
        return new Alerted(
                new AlertedTenant(
                        r.text("tenant_id"),
                        r.integer("noisy"),
                        r.integer("quota"),
                        r.integer("cost"),
                        r.integer("critical"),
                        r.integer("open")),
                r.integer("tenants"));
    }

    private static QuotaAtRisk quota(Row r) {
        return new QuotaAtRisk(
                r.text("account_id"),
                r.text("tenant_id"),
                r.text("region"),
                r.text("service_code"),
                r.text("quota_code"),
                r.text("name"),
                r.number("quota"),
                r.number("used"),
                r.number("latest_utilisation"),
                r.instant("at"));
    }

    private static QuotaForecast forecast(Row r) {
        return new QuotaForecast(
                r.text("alert_id"),
                r.text("tenant_id"),
                r.text("account_id"),
                r.text("subject"),
                r.text("severity"),
                r.number("value"),
                r.number("threshold"),
                r.instant("forecast_exhaustion_at"));
    }

    /** The four account lists, each in the query's order (at most {@code limit} each). */
    private static Map<String, List<AccountState>> byList(List<Listed> rows) {
        Map<String, List<AccountState>> out = new LinkedHashMap<>();
        for (String name : List.of("unobservable", "suspended", "new", "stale")) {
            out.put(name, new ArrayList<>());
        }
        rows.forEach(l -> out.get(l.list()).add(l.account()));
        return out;
    }

    /** Accounts per latest run status, summed over currencies, by status. */
    private static List<RunStatusCount> byStatus(List<Runs> runs) {
        Map<String, Long> counts = new TreeMap<>();
        runs.forEach(r -> counts.merge(r.status(), r.accounts(), Long::sum));
        return counts.entrySet().stream()
                .map(e -> new RunStatusCount(e.getKey(), e.getValue()))
                .toList();
    }

    /** Calls and spend per currency, summed over statuses, by currency. */
    private static List<ApiSpend> byCurrency(List<Runs> runs) {
        Map<String, ApiSpend> out = new TreeMap<>();
        runs.forEach(r -> out.merge(r.spend().currency(), r.spend(), ApiSpend::plus));
        return List.copyOf(out.values());
    }

    private <T> Future<T> start(List<Future<?>> started, Callable<T> query) {
        Future<T> f = executor.submit(query);
        started.add(f);
        return f;
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
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
