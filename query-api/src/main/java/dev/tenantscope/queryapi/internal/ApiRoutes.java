package dev.tenantscope.queryapi.internal;

import static dev.tenantscope.queryapi.Role.ADMIN;
import static dev.tenantscope.queryapi.Role.FINANCE;
import static dev.tenantscope.queryapi.Role.TENANT;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.Role;
import dev.tenantscope.queryapi.api.AlertPage;
import dev.tenantscope.queryapi.api.Status;
import dev.tenantscope.queryapi.api.TenantCost.Breakdown;
import dev.tenantscope.queryapi.api.TenantCost.Granularity;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Every route of the API, with who may call it and which parameters it takes. A handler parses and checks
 * its parameters, authorises the tenant it addresses, and hands them to its endpoint's query object, whose
 * record is the JSON answer.
 */
public final class ApiRoutes {
    static final Set<Role> ALL = Set.of(ADMIN, FINANCE, TENANT);
    static final Set<Role> OPERATIONS = Set.of(ADMIN, TENANT);
    private static final Set<Role> PUBLIC = Set.of();
    private static final int DEFAULT_LIMIT = 100;

    private final QueryApiConfig config;
    private final TenantVisibility visibility;
    private final FleetHealthSource fleetHealth;
    private final TenantListQuery tenantList;
    private final TenantDetailQuery tenantDetail;
    private final TenantCostQuery tenantCost;
    private final BaselineQuery baseline;
    private final AlertsQuery alerts;
    private final Exports exports;
    private final FrozenMonthsQuery frozenMonths;
    private final ReadinessQuery readiness;
    private final TenantGauges gauges;
    private final PrometheusMeterRegistry registry;
    private final AlertGauges alertGauges;

    public ApiRoutes(
            QueryApiConfig config,
            ClickHouseSql sql,
            ObjectMapper json,
            PrometheusMeterRegistry registry,
            ExecutorService executor) {
        this.config = config;
        Db db = new Db(sql, json);
        TenantSummaries summaries = new TenantSummaries(db);
        this.visibility = new TenantVisibility(db);
        FleetHealthQuery fleet = new FleetHealthQuery(db, config, executor);
        Duration ttl = config.fleetHealthCacheTtl();
        this.fleetHealth = ttl.isZero() ? fleet : new CachedFleetHealth(fleet, ttl, Ticker.systemTicker());
        this.tenantList = new TenantListQuery(summaries, config);
        this.tenantDetail = new TenantDetailQuery(summaries, db, config);
        this.tenantCost = new TenantCostQuery(db);
        this.baseline = new BaselineQuery(db);
        this.alerts = new AlertsQuery(db, json);
        this.exports = new Exports(db, sql != null && sql.engine().startsWith("chdb") ? spoolDir() : null);
        this.frozenMonths = new FrozenMonthsQuery(db);
        this.readiness = new ReadinessQuery(db);
        this.gauges = new TenantGauges(db, config, registry);
        this.alertGauges = new AlertGauges(db, config, registry);
        this.registry = registry;
    }

    private static java.nio.file.Path spoolDir() {
        return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "tenantscope-query-api-exports");
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/", PUBLIC, Set.of(), r -> resource(r, "web/index.html", "text/html; charset=utf-8")),
                new Route(
                        "GET",
                        "/overview.js",
                        PUBLIC,
                        Set.of(),
                        r -> resource(r, "web/overview.js", "text/javascript; charset=utf-8")),
                new Route(
                        "GET",
                        "/openapi.yaml",
                        PUBLIC,
                        Set.of(),
                        r -> resource(r, "openapi.yaml", "application/yaml; charset=utf-8")),
                new Route("GET", "/healthz", PUBLIC, Set.of(), r -> r.json(200, Status.alive())),
                new Route("GET", "/readyz", PUBLIC, Set.of(), this::ready),
                new Route("GET", "/metrics", Set.of(ADMIN), Set.of(), this::metrics),
                new Route("GET", "/api/v1/fleet/health", OPERATIONS, Set.of("limit"), this::fleetHealth),
                new Route(
                        "GET",
                        "/api/v1/tenants",
                        ALL,
                        Set.of("asOf", "sort", "limit", "offset", "basis"),
                        this::tenantList),
                new Route("GET", "/api/v1/tenants/{tenantId}", ALL, Set.of("asOf", "basis"), this::tenantDetail),
                new Route(
                        "GET",
                        "/api/v1/tenants/{tenantId}/cost",
                        ALL,
                        Set.of("from", "to", "granularity", "by", "basis"),
                        this::tenantCost),
                new Route("GET", "/api/v1/cost/baseline", ALL, Set.of("from", "to", "top", "basis"), this::baseline),
                new Route(
                        "GET",
                        "/api/v1/alerts",
                        OPERATIONS,
                        Set.of("state", "kind", "tenant", "since", "limit"),
                        this::alertList),
                new Route(
                        "GET",
                        "/api/v1/exports/cost",
                        ALL,
                        Set.of("month", "from", "to", "format", "tenant", "version", "basis"),
                        this::exportCost),
                new Route(
                        "GET",
                        "/api/v1/exports/restatements",
                        ALL,
                        Set.of("month", "from", "to", "format", "tenant", "basis"),
                        this::exportRestatements),
                new Route("GET", "/api/v1/exports/months", ALL, Set.of("tenant"), this::exportMonths));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(config.clock().instant(), ZoneOffset.UTC);
    }

    private int limit(Params p) {
        return p.integer("limit", Math.min(DEFAULT_LIMIT, config.maxPageSize()), 1, config.maxPageSize());
    }

    private void fleetHealth(Request r) throws IOException {
        r.json(200, fleetHealth.report(r.principal(), limit(r.params())));
    }

    private void tenantList(Request r) throws IOException {
        Params p = r.params();
        LocalDate asOf = p.date("asOf", today());
        TenantSummaries.Order order = p.choice("sort", TenantSummaries.Order.COST);
        int offset = p.integer("offset", 0, 0, 1_000_000);
        CostBasis basis = basis(p);
        r.json(200, tenantList.page(r.principal(), asOf, order, limit(p), offset, basis));
    }

    private void tenantDetail(Request r) throws IOException {
        LocalDate asOf = r.params().date("asOf", today());
        CostBasis basis = basis(r.params());
        String tenant = r.path("tenantId");
        visibility.require(r.principal(), tenant, "tenantId");
        r.json(200, tenantDetail.detail(tenant, asOf, basis));
    }

    private void tenantCost(Request r) throws IOException {
        Params p = r.params();
        String tenant = r.path("tenantId");
        LocalDate to = p.date("to", today());
        LocalDate from = p.date("from", to.withDayOfMonth(1));
        Params.checkRange("from", from, "to", to, config.maxRangeDays());
        Granularity granularity = p.choice("granularity", Granularity.DAY);
        Breakdown by = p.choice("by", Breakdown.NONE);
        CostBasis basis = basis(p);
        visibility.require(r.principal(), tenant, "tenantId");
        r.json(200, tenantCost.series(tenant, from, to, granularity, by, basis));
    }

    private void baseline(Request r) throws IOException {
        Params p = r.params();
        LocalDate to = p.date("to", today());
        LocalDate from = p.date("from", to.withDayOfMonth(1));
        Params.checkRange("from", from, "to", to, config.maxRangeDays());
        int top = p.integer("top", 10, 1, 100);
        CostBasis basis = basis(p);
        r.json(200, baseline.baseline(r.principal(), from, to, top, basis));
    }

    private void alertList(Request r) throws IOException {
        Params p = r.params();
        AlertPage.State state = p.choice("state", AlertPage.State.ALL);
        AlertPage.Kind kind = p.choice("kind", AlertPage.Kind.ALL);
        LocalDate since = p.date("since", today().minusDays(config.recentAlertDays()));
        int limit = limit(p);
        String tenant = optionalTenant(r);
        r.json(200, alerts.list(r.principal(), tenant, state, kind, since, limit));
    }

    private void exportCost(Request r) throws IOException {
        Params p = r.params();
        YearMonth[] range = months(p);
        Exports.Format format = format(p);
        String version = p.choice("version", "current", Set.of("current", "frozen"));
        CostBasis basis = basis(p);
        String tenant = optionalTenant(r);
        exports.cost(r, r.principal(), tenant, range[0], range[1], version, basis, format);
    }

    private void exportRestatements(Request r) throws IOException {
        Params p = r.params();
        YearMonth[] range = months(p);
        Exports.Format format = format(p);
        if (format.name().startsWith("focus")) {
            throw ApiException.badParameter(
                    "format", "FOCUS is a cost export; restatements take csv, parquet or jsonl");
        }
        CostBasis basis = basis(p);
        String tenant = optionalTenant(r);
        exports.restatements(r, r.principal(), tenant, range[0], range[1], basis, format);
    }

    private void exportMonths(Request r) throws IOException {
        String tenant = optionalTenant(r);
        r.json(200, frozenMonths.months(r.principal(), tenant));
    }

    /** The {@code tenant} parameter, authorised; null when not given. */
    private @Nullable String optionalTenant(Request r) {
        if (!r.params().has("tenant")) {
            return null;
        }
        String tenant = r.params().string("tenant", null);
        visibility.require(r.principal(), tenant, "tenant");
        return tenant;
    }

    /** {@code basis=} (default {@link CostBasis#DEFAULT}); an unknown one is a 400 naming the accepted names. */
    static CostBasis basis(Params p) {
        String name = p.string("basis", CostBasis.DEFAULT.apiName());
        for (CostBasis b : CostBasis.values()) {
            if (b.apiName().equalsIgnoreCase(name)) {
                return b;
            }
        }
        throw ApiException.badParameter(
                "basis",
                "expected one of "
                        + java.util.Arrays.stream(CostBasis.values())
                                .map(CostBasis::apiName)
                                .toList() + ", got '" + Params.abbreviate(name) + "'");
    }

    private static Exports.Format format(Params p) {
        return Exports.FORMATS.get(p.choice("format", "csv", Exports.FORMAT_NAMES));
    }

    /** {@code month=YYYY-MM}, or {@code from=YYYY-MM&to=YYYY-MM}; exactly one of the two forms. */
    private YearMonth[] months(Params p) {
        if (p.has("month")) {
            if (p.has("from") || p.has("to")) {
                throw ApiException.badParameter("month", "give either month, or from and to — not both");
            }
            YearMonth m = p.month("month", null);
            return new YearMonth[] {m, m};
        }
        if (!p.has("from") || !p.has("to")) {
            throw ApiException.badParameter(
                    p.has("from") ? "to" : p.has("to") ? "from" : "month",
                    "required: month=YYYY-MM, or both from=YYYY-MM and to=YYYY-MM");
        }
        YearMonth from = p.month("from", null);
        YearMonth to = p.month("to", null);
        Params.checkMonths("from", from, "to", to, config.maxExportMonths());
        return new YearMonth[] {from, to};
    }

    private void metrics(Request r) throws IOException {
        gauges.refreshIfStale();
        alertGauges.refreshIfStale();
        r.text(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }

    private void ready(Request r) throws IOException {
        Status status = readiness.check();
        r.json(status.engine() != null ? 200 : 503, status);
    }

    private static void resource(Request r, String name, String contentType) throws IOException {
        try (InputStream in = ApiRoutes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing resource " + name));
            }
            r.send(200, contentType, in.readAllBytes());
        }
    }
}
