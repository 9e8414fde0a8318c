package dev.tenantscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.collector.Collector;
import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.fleetsim.AccountStatus;
import dev.tenantscope.fleetsim.FaultConfig;
import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.GroundTruth;
import dev.tenantscope.fleetsim.MeterSnapshot;
import dev.tenantscope.fleetsim.SimAccount;
import dev.tenantscope.fleetsim.SimClock;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.queryapi.ApiToken;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.QueryApiServer;
import dev.tenantscope.queryapi.Role;
import dev.tenantscope.streams.ClickHouseSink;
import dev.tenantscope.streams.StreamsApp;
import dev.tenantscope.streams.StreamsAppConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's "done when": the real pipeline (KRaft broker, fleet-sim, collector, streams app, ClickHouse sink on
 * chDB) runs once, then every query API endpoint's numbers equal fleet-sim's ground truth — fleet health, the
 * tenant list, baseline overhead, the finance exports, and a tenant token's scope. And issue 12's: the metric
 * rollups equal the ground truth with the production defaults, across a collector restart.
 */
class PipelineTruthIT {
    // streams' tenant of accounts without one: here the management account, whose lines the payer pull reads too
    private static final String UNASSIGNED = "unassigned";
    private BigDecimal managementTruth;

    private static final Instant NOW =
            FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(9).plusHours(12));
    private static final YearMonth MONTH = YearMonth.from(NOW.atZone(ZoneOffset.UTC));
    private static final int ACCOUNTS = 40;
    private static final double DELETED_ROLE_FRACTION = 0.15;
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String COLLECTOR_SERVICE = "tenantscope collector";
    private static final String COLLECTOR_COMPONENT = "collector-api";
    private static final String ADMIN_TOKEN = "truth-admin";
    private static final String TENANT_TOKEN = "truth-tenant";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path dir;

    @Test
    void everyEndpointServesTheGroundTruth() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
                FleetSimServer sim =
                        FleetSimServer.start(FleetSpec.defaults().withAccounts(ACCOUNTS), 0, SimClock.fixed(NOW));
                ClickHouseSql clickhouse = ChdbClickHouse.open(dir.resolve("clickhouse"));
                Stack started = new Stack()) {
            System.out.println("[backend] 1× collector + 1× streams + ClickHouse sink + query API on KRaft "
                    + broker.bootstrapServers() + ", fleet-sim " + sim.endpoint() + ", " + clickhouse.engine());
            Migrations.tenantscope().apply(clickhouse);
            sim.faults().set(FaultConfig.none().withDeletedRoles(DELETED_ROLE_FRACTION, Set.of()));
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = broker.admin()) {
                new TopicProvisioner(
                                admin,
                                StreamsAppConfig.defaults().kafka().topics().partitions(), // production's
                                (short) 1,
                                Duration.ofDays(7))
                        .ensure(Topics.all());
            }
            StreamsAppConfig streamsConfig = StreamsAppConfig.defaults();
            CollectorConfig collectorConfig = DemoWiring.collector(
                            CollectorConfig.defaults(), sim, bootstrap, "collector-0")
                    .withPrometheusPort(-1);
            Collector collector = Collector.open(collectorConfig, sim.clock());
            started.add(collector);
            started.add(StreamsApp.start(streamsConfig, bootstrap, dir.resolve("streams")));
            started.add(ClickHouseSink.start(streamsConfig, bootstrap, clickhouse));
            awaitTrue(
                    "the collector to own the accounts topic's partitions",
                    () -> collector.ownedPartitions().size()
                            == StreamsAppConfig.defaults().kafka().topics().partitions());
            collector.sweepOnce(); // the discovery leader registers the fleet
            collector.awaitAccounts(Duration.ofSeconds(60));
            MeterSnapshot beforeLastSweep = sim.meter().snapshot();
            collector.sweepOnce();
            MeterSnapshot metered = sim.meter().snapshot();

            GroundTruth truth = sim.truth();
            Map<String, BigDecimal> costTruth = costTruth(truth);
            managementTruth = Cents.of(truth.invoice(MONTH, NOW)
                    .accountTotal(truth.managementAccount(), dev.tenantscope.model.events.CostBasis.UNBLENDED));
            Set<AccountId> deleted = sim.faults().deletedRoleAccounts();
            System.out.println("[truth] " + truth.accounts(NOW).size() + " registered accounts, " + costTruth.size()
                    + " tenants with cost, deleted roles " + deleted);
            assertThat(costTruth).isNotEmpty();

            TenantId onlyTenant = new TenantId(costTruth.keySet().iterator().next());
            QueryApiConfig config = QueryApiConfig.defaults()
                    .withTokens(List.of(
                            ApiToken.ofPlain("admin", ADMIN_TOKEN, Role.ADMIN, null),
                            ApiToken.ofPlain("tenant", TENANT_TOKEN, Role.TENANT, onlyTenant.value())))
                    .withClock(sim.clock());
            try (QueryApiServer api = QueryApiServer.start(config, clickhouse, 0)) {
                awaitTrue(
                        "the tenant list's cost to equal the ground truth",
                        () -> costTruth.equals(tenantListCostLessOurSpend(api)));
                assertFleetHealth(api, truth, deleted);
                assertTenantList(api, costTruth);
                assertBaseline(api, truth);
                assertExports(api, costTruth, "jsonl");
                assertExports(api, costTruth, "csv");
                assertTenantScope(api, onlyTenant, costTruth);
                List<SimAccount> collected = truth.accounts(NOW).stream()
                        .filter(a -> a.statusAt(NOW) == AccountStatus.ACTIVE && !deleted.contains(a.id()))
                        .toList();
                assertQuotaUsage(
                        api, clickhouse, truth, collected, collectorConfig.aws().regions());
                assertBaselineDistribution(api, truth, collectorConfig, beforeLastSweep, metered);
            }
        }
    }

    /**
     * Issue 12's "done when": with the production defaults, three sweeps 20 minutes apart (the second by a
     * restarted collector, which forgot what it emitted) make every closed 5m and 1h metric rollup — per tenant,
     * metric and region — equal fleet-sim's complete values summed over the tenant's collected accounts.
     */
    @Test
    void metricRollupsEqualTheGroundTruthAcrossACollectorRestart() throws Exception {
        int accounts = 12;
        // half the accounts run in two or three regions, some of them opt-in: the collector finds them
        FleetSpec fleet = FleetSpec.defaults().withAccounts(accounts).withMultiRegionFraction(0.5);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
                FleetSimServer sim = FleetSimServer.start(fleet, 0, SimClock.fixed(NOW));
                ClickHouseSql clickhouse = ChdbClickHouse.open(dir.resolve("clickhouse"));
                Stack started = new Stack()) {
            Migrations.tenantscope().apply(clickhouse);
            sim.faults().set(FaultConfig.none());
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = broker.admin()) {
                new TopicProvisioner(
                                admin,
                                StreamsAppConfig.defaults().kafka().topics().partitions(), // production's
                                (short) 1,
                                Duration.ofDays(7))
                        .ensure(Topics.all());
            }
            StreamsAppConfig streamsConfig = StreamsAppConfig.defaults();
            started.add(StreamsApp.start(streamsConfig, bootstrap, dir.resolve("streams")));
            started.add(ClickHouseSink.start(streamsConfig, bootstrap, clickhouse));
            SimClock clock = sim.clock();
            CollectorConfig collectorConfig = CollectorConfig.defaults();
            try (Collector first = Collector.open(
                    DemoWiring.collector(collectorConfig, sim, bootstrap, "collector-0")
                            .withPrometheusPort(-1),
                    clock)) {
                awaitTrue(
                        "the first collector to own the partitions",
                        () -> first.ownedPartitions().size()
                                == StreamsAppConfig.defaults().kafka().topics().partitions());
                first.sweepOnce();
                first.awaitAccounts(Duration.ofSeconds(60));
                first.sweepOnce();
            }
            clock.advance(Duration.ofMinutes(20));
            try (Collector restarted = Collector.open(
                    DemoWiring.collector(collectorConfig, sim, bootstrap, "collector-0")
                            .withPrometheusPort(-1),
                    clock)) {
                awaitTrue(
                        "the restarted collector to own the partitions",
                        () -> restarted.ownedPartitions().size()
                                == StreamsAppConfig.defaults().kafka().topics().partitions());
                restarted.awaitAccounts(Duration.ofSeconds(60));
                restarted.sweepOnce();
                clock.advance(Duration.ofMinutes(20));
                restarted.sweepOnce();
            }
            // the first pull reached back 70 minutes; the last one settled everything up to 10 minutes before it
            Instant from = NOW.minus(Duration.ofMinutes(70));
            Instant through = NOW.plus(Duration.ofMinutes(30));
            Map<String, String> want5m =
                    metricTruth(sim.truth(), collectorConfig, from, through, Duration.ofMinutes(5));
            Map<String, String> want1h = metricTruth(sim.truth(), collectorConfig, from, through, Duration.ofHours(1));
            assertThat(want5m).as("fleet-sim serves metrics in the range").isNotEmpty();
            assertThat(want5m.keySet())
                    .as("windows outside the collector's default region (aws.regions: us-east-1)")
                    .anyMatch(k -> k.contains("|eu-west-1|"))
                    .anyMatch(k -> !k.contains("|eu-west-1|") && !k.contains("|us-east-1|"));
            assertThat(want1h).isNotEmpty();
            // issue 15: the log error counts as rolled up, from fleet-sim's ERROR lines, across the same restart
            List<SimAccount> collected = sim.truth().accounts(NOW).stream()
                    .filter(a -> a.statusAt(NOW) == AccountStatus.ACTIVE && a.statusAt(through) == AccountStatus.ACTIVE)
                    .toList();
            List<String> prefixes = collectorConfig.logs().prefixes();
            Map<String, String> wantLogs5m =
                    LogRollupTruth.expected(sim.truth(), collected, prefixes, from, through, Duration.ofMinutes(5));
            Map<String, String> wantLogs1h =
                    LogRollupTruth.expected(sim.truth(), collected, prefixes, from, through, Duration.ofHours(1));
            assertThat(wantLogs5m.values())
                    .as("fleet-sim logs errors in the range")
                    .anyMatch(v -> !v.endsWith("|0.0000"));
            String[] seen = {""};
            boolean equal = poll(() -> {
                Map<String, String> got5m = closedRollups(clickhouse, "5m", from, through, METRICS);
                Map<String, String> got1h = closedRollups(clickhouse, "1h", from, through, METRICS);
                Map<String, String> logs5m = closedRollups(clickhouse, "5m", from, through, LOGS);
                Map<String, String> logs1h = closedRollups(clickhouse, "1h", from, through, LOGS);
                seen[0] = "5m: " + got5m.size() + " of " + want5m.size() + " windows, 1h: " + got1h.size() + " of "
                        + want1h.size() + "; logs 5m: " + logs5m.size() + " of " + wantLogs5m.size() + ", logs 1h: "
                        + logs1h.size() + " of " + wantLogs1h.size();
                return got5m.equals(want5m)
                        && got1h.equals(want1h)
                        && logs5m.equals(wantLogs5m)
                        && logs1h.equals(wantLogs1h);
            });
            System.out.println("[check] metric and log rollups vs ground truth: " + seen[0]);
            Map<String, String> lastLogs5m = closedRollups(clickhouse, "5m", from, through, LOGS);
            wantLogs5m.keySet().stream()
                    .filter(k -> !wantLogs5m.get(k).equals(lastLogs5m.get(k)))
                    .limit(20)
                    .forEach(k -> System.out.println(
                            "[diff] logs " + k + " want " + wantLogs5m.get(k) + " got " + lastLogs5m.get(k)));
            assertThat(closedRollups(clickhouse, "5m", from, through, LOGS)).isEqualTo(wantLogs5m);
            assertThat(closedRollups(clickhouse, "1h", from, through, LOGS)).isEqualTo(wantLogs1h);
            Map<String, String> last5m = closedRollups(clickhouse, "5m", from, through, METRICS);
            want5m.keySet().stream()
                    .filter(k -> !want5m.get(k).equals(last5m.get(k)))
                    .limit(40)
                    .forEach(k ->
                            System.out.println("[diff] " + k + " want " + want5m.get(k) + " got " + last5m.get(k)));
            assertThat(closedRollups(clickhouse, "5m", from, through, METRICS)).isEqualTo(want5m);
            assertThat(closedRollups(clickhouse, "1h", from, through, METRICS)).isEqualTo(want1h);
            assertThat(equal).isTrue();
        }
    }

    /**
     * tenant|metric|region|window start → "count|sum" for every window of {@code size} inside [from, through):
     * the complete value of each datapoint of each default metric, summed over the tenant's active accounts.
     */
    private static Map<String, String> metricTruth(
            GroundTruth truth, CollectorConfig config, Instant from, Instant through, Duration size) {
        List<SimAccount> collected = truth.accounts(NOW).stream()
                .filter(a -> a.statusAt(NOW) == AccountStatus.ACTIVE && a.statusAt(through) == AccountStatus.ACTIVE)
                .toList();
        return metricTruth(truth, config, collected, from, through, size);
    }

    /** {@link #metricTruth} over the given collected accounts. */
    static Map<String, String> metricTruth(
            GroundTruth truth,
            CollectorConfig config,
            List<SimAccount> collected,
            Instant from,
            Instant through,
            Duration size) {
        List<CollectorConfig.MetricSpec> specs =
                new ArrayList<>(config.metrics().alert());
        specs.addAll(config.metrics().standard());
        Map<String, double[]> sums = new TreeMap<>();
        for (SimAccount account : collected) {
            for (String region : truth.regions(account.id())) {
                for (CollectorConfig.MetricSpec spec : specs) {
                    String metric =
                            spec.statistic().equals("Sum") ? spec.metric() : spec.metric() + "." + spec.statistic();
                    for (Instant t = from; t.isBefore(through); t = t.plusSeconds(spec.periodSeconds())) {
                        Instant window = Instant.ofEpochSecond(
                                Math.floorDiv(t.getEpochSecond(), size.toSeconds()) * size.toSeconds());
                        if (window.isBefore(from) || window.plus(size).isAfter(through)) {
                            continue;
                        }
                        var v = truth.metric(
                                account.id(),
                                region,
                                spec.namespace(),
                                spec.metric(),
                                spec.statistic(),
                                spec.periodSeconds(),
                                t,
                                null);
                        if (v.isPresent()) {
                            double[] agg = sums.computeIfAbsent(
                                    account.tenant().value() + "|" + spec.namespace() + "/" + metric + "|" + region
                                            + "|" + window,
                                    k -> new double[2]);
                            agg[0]++;
                            agg[1] += v.getAsDouble();
                        }
                    }
                }
            }
        }
        Map<String, String> out = new TreeMap<>();
        sums.forEach((k, agg) -> out.put(k, (long) agg[0] + "|" + rounded(agg[1])));
        return out;
    }

    static final String METRICS = "namespace != 'tenantscope/logs'";
    static final String LOGS = "namespace = 'tenantscope/logs'";

    /** The complete rollups of {@code window} inside [from, through) where {@code which}, keyed as {@link #metricTruth}. */
    static Map<String, String> closedRollups(
            ClickHouseSql clickhouse, String window, Instant from, Instant through, String which) {
        Map<String, String> out = new TreeMap<>();
        Duration size = window.equals("5m") ? Duration.ofMinutes(5) : Duration.ofHours(1);
        for (Map<String, Object> row : clickhouse.rows("SELECT tenant_id, namespace, metric, region,"
                + " toUnixTimestamp(window_start) AS start, toString(count) AS n, sum, complete"
                + " FROM tenant_metrics FINAL WHERE window = '" + window + "' AND " + which)) {
            Instant start = Instant.ofEpochSecond(((Number) row.get("start")).longValue());
            if (start.isBefore(from) || start.plus(size).isAfter(through)) {
                continue;
            }
            String key = row.get("tenant_id") + "|" + row.get("namespace") + "/" + row.get("metric") + "|"
                    + row.get("region") + "|" + start;
            String complete = ((Number) row.get("complete")).intValue() == 1 ? "" : " (incomplete)";
            out.put(key, row.get("n") + "|" + rounded(((Number) row.get("sum")).doubleValue()) + complete);
        }
        return out;
    }

    private static String rounded(double v) {
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Check 1: accounts by status and the unobservable list equal the registered fleet and its deleted roles. */
    private void assertFleetHealth(QueryApiServer api, GroundTruth truth, Set<AccountId> deleted) throws Exception {
        List<SimAccount> registered = truth.accounts(NOW);
        Map<AccountStatus, Integer> byStatus = new EnumMap<>(AccountStatus.class);
        for (AccountStatus s : List.of(AccountStatus.ACTIVE, AccountStatus.SUSPENDED, AccountStatus.CLOSED)) {
            byStatus.put(s, 0);
        }
        Set<String> unobservable = new TreeSet<>();
        for (SimAccount a : registered) {
            AccountStatus status = a.statusAt(NOW);
            byStatus.merge(status, 1, Integer::sum);
            if (status == AccountStatus.ACTIVE && deleted.contains(a.id())) {
                unobservable.add(a.id().value());
            }
        }
        assertThat(unobservable)
                .as("the fault must make some active account unobservable")
                .isNotEmpty();
        String expected = "total=" + registered.size() + " byStatus=" + byStatus + " unobservable=" + unobservable;
        String[] observed = {""};
        boolean settled = poll(() -> {
            JsonNode accounts =
                    get(api, "/api/v1/fleet/health?limit=1000", ADMIN_TOKEN).get("accounts");
            Map<AccountStatus, Integer> status = new EnumMap<>(AccountStatus.class);
            for (AccountStatus s : List.of(AccountStatus.ACTIVE, AccountStatus.SUSPENDED, AccountStatus.CLOSED)) {
                status.put(s, accounts.path("byStatus").path(s.name()).asInt());
            }
            Set<String> ids = new TreeSet<>();
            boolean accessDenied = true;
            for (JsonNode a : accounts.get("unobservable")) {
                ids.add(a.get("account_id").asText());
                accessDenied &= a.path("unobservable_reason").asText().contains("AccessDenied");
            }
            observed[0] = "total=" + accounts.get("total").asInt() + " byStatus=" + status + " unobservable="
                    + ids
                    + (accessDenied ? "" : " (a reason without AccessDenied: " + accounts.get("unobservable") + ")");
            return observed[0].equals(expected);
        });
        System.out.println("[check] fleet health: expected " + expected + "; observed " + observed[0]);
        assertThat(settled).as("fleet health observed " + observed[0]).isTrue();
        assertThat(observed[0]).isEqualTo(expected);
    }

    /** Check 2: each tenant's month-to-date cost in the list, less our own API spend, equals the truth. */
    private void assertTenantList(QueryApiServer api, Map<String, BigDecimal> costTruth) throws Exception {
        Map<String, BigDecimal> listed = tenantListCostLessOurSpend(api);
        System.out.println("[check] /api/v1/tenants: " + listed.size() + " tenants, total " + sum(listed.values())
                + " vs truth " + sum(costTruth.values()));
        assertThat(listed).isEqualTo(costTruth);
    }

    /** Check 3: the fleet's baseline overhead, less the collector-api component, equals the truth's baseline. */
    private void assertBaseline(QueryApiServer api, GroundTruth truth) throws Exception {
        BigDecimal expected = BigDecimal.ZERO;
        for (TenantId tenant : truth.tenants()) {
            expected = expected.add(truth.tenantMonthlyCost(tenant, MONTH, NOW).baseline());
        }
        JsonNode body = get(
                api,
                "/api/v1/cost/baseline?from=" + MONTH.atDay(1) + "&to=" + MONTH.atEndOfMonth()
                        + "&top=1&basis=unblended",
                ADMIN_TOKEN);
        BigDecimal observed = BigDecimal.ZERO;
        for (JsonNode currency : body.get("byCurrency")) {
            observed = observed.add(money(currency.get("total")));
            for (JsonNode component : currency.get("byComponent")) {
                if (component.get("component").asText().equals(COLLECTOR_COMPONENT)) {
                    observed = observed.subtract(money(component.get("total")));
                }
            }
        }
        System.out.println("[check] /api/v1/cost/baseline less collector-api: " + Cents.of(observed) + " vs truth "
                + Cents.of(expected));
        assertThat(Cents.of(observed)).isEqualTo(Cents.of(expected));
    }

    /**
     * Check 6 (issue 15): quota usage per account in ClickHouse equals fleet-sim's truth row for row — usage,
     * limit, utilisation, the rate quota normalised by its Period, no row for a quota without usage (IAM's global
     * quota among them) nor for an account that was not collected — and fleet health lists exactly the truth's rows at
     * or above the warn threshold.
     */
    private void assertQuotaUsage(
            QueryApiServer api,
            ClickHouseSql clickhouse,
            GroundTruth truth,
            List<SimAccount> collected,
            List<String> regions)
            throws Exception {
        Map<String, String> expected = QuotaUsageTruth.expected(truth, collected, regions, NOW);
        assertThat(expected).hasSize(collected.size() * regions.size() * QuotaUsageTruth.WITH_USAGE.size());
        boolean settled = poll(() -> QuotaUsageTruth.observed(clickhouse).equals(expected));
        Map<String, String> observed = QuotaUsageTruth.observed(clickhouse);
        expected.keySet().stream()
                .filter(k -> !expected.get(k).equals(observed.get(k)))
                .limit(10)
                .forEach(k -> System.out.println(
                        "[diff] quota " + k + " want " + expected.get(k) + " got " + observed.get(k)));
        System.out.println("[check] quota_usage: " + observed.size() + " rows vs truth " + expected.size()
                + " (settled " + settled + ")");
        assertThat(observed).isEqualTo(expected);

        JsonNode quotas =
                get(api, "/api/v1/fleet/health?limit=1000", ADMIN_TOKEN).get("quotas");
        double threshold = quotas.get("threshold").asDouble();
        Set<String> atRiskTruth = new TreeSet<>();
        expected.forEach((k, v) -> {
            if (Double.parseDouble(v.split("\\|")[3]) >= threshold) {
                atRiskTruth.add(k);
            }
        });
        Set<String> atRisk = new TreeSet<>();
        for (JsonNode q : quotas.get("aboveThreshold")) {
            atRisk.add(
                    text(q, "account_id", "accountId") + "|" + q.get("region").asText() + "|"
                            + text(q, "service_code", "serviceCode") + "|" + text(q, "quota_code", "quotaCode"));
        }
        System.out.println(
                "[check] fleet health quotas at or above " + threshold + ": " + atRisk + " vs truth " + atRiskTruth);
        assertThat(atRisk).isEqualTo(atRiskTruth);
    }

    /**
     * Check 7 (issue 15): the per-account baseline distribution the API serves equals one worked out from
     * fleet-sim's bill and its meter priced with the collector's price table. Before today (no collector-api line
     * yet) exactly; over the month, the collector-api component and the whole distribution within the one payer pull
     * whose share the last runs may not have taken yet (it is attributed to each account's next run).
     */
    private void assertBaselineDistribution(
            QueryApiServer api,
            GroundTruth truth,
            CollectorConfig config,
            MeterSnapshot beforeLastSweep,
            MeterSnapshot metered)
            throws Exception {
        java.time.LocalDate today = java.time.LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        List<AccountId> billed = new ArrayList<>();
        billed.add(truth.managementAccount());
        truth.allAccounts().forEach(a -> billed.add(a.id()));
        Map<AccountId, BigDecimal> beforeToday =
                BaselineTruth.invoiceBaseline(truth, billed, MONTH.atDay(1), today.minusDays(1), NOW);
        BaselineTruth.Distribution want = BaselineTruth.Distribution.of(beforeToday.values());
        JsonNode got = get(
                        api,
                        "/api/v1/cost/baseline?from=" + MONTH.atDay(1) + "&to=" + today.minusDays(1)
                                + "&top=1&basis=unblended",
                        ADMIN_TOKEN)
                .get("byCurrency")
                .get(0);
        BaselineTruth.Distribution served = served(got);
        System.out.println("[check] baseline before today: " + served + " vs truth " + want);
        assertThat(served).isEqualTo(want);
        assertThat(components(got)).doesNotContainKey(COLLECTOR_COMPONENT);

        // the month with today: our own spend per account from the meter (payer pages shared among the polled)
        Map<String, BigDecimal> spend = BaselineTruth.meteredSpend(metered, config.prices());
        Map<String, BigDecimal> spendBefore = BaselineTruth.meteredSpend(beforeLastSweep, config.prices());
        String management = truth.managementAccount().value();
        List<AccountId> polled = truth.accounts(NOW).stream()
                .filter(a -> a.statusAt(NOW) == AccountStatus.ACTIVE)
                .map(SimAccount::id)
                .toList();
        BigDecimal payer = spend.getOrDefault(management, BigDecimal.ZERO);
        BigDecimal lastPull = payer.subtract(spendBefore.getOrDefault(management, BigDecimal.ZERO));
        BigDecimal n = BigDecimal.valueOf(polled.size());
        Map<AccountId, BigDecimal> month = BaselineTruth.invoiceBaseline(truth, billed, MONTH.atDay(1), today, NOW);
        Map<AccountId, BigDecimal> low = new TreeMap<>(month), high = new TreeMap<>(month);
        Map<AccountId, BigDecimal> apiLow = new TreeMap<>(), apiHigh = new TreeMap<>();
        for (AccountId a : polled) {
            BigDecimal own = spend.getOrDefault(a.value(), BigDecimal.ZERO);
            BigDecimal settled = own.add(payer.subtract(lastPull).divide(n, java.math.MathContext.DECIMAL64));
            BigDecimal pending = lastPull.divide(n, java.math.MathContext.DECIMAL64);
            // cost_daily keeps 6 decimals: each of the account's two runs may lose up to a micro-dollar there
            apiLow.put(a, settled.subtract(STORED_DECIMALS_PER_RUN.multiply(BigDecimal.valueOf(2))));
            apiHigh.put(a, settled.add(pending));
            low.merge(a, settled, BigDecimal::add);
            high.merge(a, settled.add(pending), BigDecimal::add);
        }
        BaselineTruth.Distribution lo = BaselineTruth.Distribution.of(low.values());
        BaselineTruth.Distribution hi = BaselineTruth.Distribution.of(high.values());
        BaselineTruth.Distribution apiLo = BaselineTruth.Distribution.of(apiLow.values(), 6);
        BaselineTruth.Distribution apiHi = BaselineTruth.Distribution.of(apiHigh.values(), 6);
        JsonNode[] whole = {null};
        // the last runs' spend reaches cost_daily through the collector-runs topic: wait for it
        poll(() -> {
            whole[0] = get(
                            api,
                            "/api/v1/cost/baseline?from=" + MONTH.atDay(1) + "&to=" + MONTH.atEndOfMonth()
                                    + "&top=1&basis=unblended",
                            ADMIN_TOKEN)
                    .get("byCurrency")
                    .get(0);
            JsonNode c = components(whole[0]).get(COLLECTOR_COMPONENT);
            BigDecimal total = c == null ? BigDecimal.ZERO : BaselineTruth.scaled(money(c.get("total")), 6);
            return total.compareTo(apiLo.total()) >= 0 && total.compareTo(apiHi.total()) <= 0;
        });
        BaselineTruth.Distribution servedMonth = served(whole[0]);
        JsonNode collectorApi = components(whole[0]).get(COLLECTOR_COMPONENT);
        System.out.println("[check] baseline this month: " + servedMonth + " within truth " + lo + " .. " + hi);
        System.out.println("[check] collector-api component: " + collectorApi + " within truth " + apiLo + " .. "
                + apiHi + " (payer pages " + payer + ", last pull " + lastPull + ", members' own "
                + spend.entrySet().stream()
                        .filter(e -> !e.getKey().equals(management))
                        .map(Map.Entry::getValue)
                        .reduce(BigDecimal.ZERO, BigDecimal::add)
                + ")");
        assertThat(servedMonth.accounts()).isEqualTo(lo.accounts());
        assertWithin("month baseline total", servedMonth.total(), lo.total(), hi.total());
        assertWithin("month baseline median", servedMonth.median(), lo.median(), hi.median());
        assertWithin("month baseline p90", servedMonth.p90(), lo.p90(), hi.p90());
        assertWithin("month baseline max", servedMonth.max(), lo.max(), hi.max());
        for (int k = 0; k < 10; k++) {
            assertWithin(
                    "month baseline decile " + (k + 1),
                    servedMonth.deciles().get(k),
                    lo.deciles().get(k),
                    hi.deciles().get(k));
        }
        assertThat(collectorApi).as("the collector-api component").isNotNull();
        assertThat(collectorApi.get("accounts").asInt()).isEqualTo(polled.size());
        for (String f : List.of("total", "median", "p90")) {
            BigDecimal v = BaselineTruth.scaled(money(collectorApi.get(f)), 6);
            BigDecimal l = f.equals("total") ? apiLo.total() : f.equals("median") ? apiLo.median() : apiLo.p90();
            BigDecimal h = f.equals("total") ? apiHi.total() : f.equals("median") ? apiHi.median() : apiHi.p90();
            assertWithin("collector-api " + f, v, l, h);
        }
        assertBaselineShare(api, truth, apiLow, apiHigh);
    }

    /**
     * Check 8 (issue 15): each tenant's {@code baselineShare} in the tenant list is its baseline over its cost as
     * fleet-sim bills them, each with the tenant's own API spend from the meter added (4 decimals).
     */
    private void assertBaselineShare(
            QueryApiServer api,
            GroundTruth truth,
            Map<AccountId, BigDecimal> spendLow,
            Map<AccountId, BigDecimal> spendHigh)
            throws Exception {
        Map<String, BigDecimal[]> want = new TreeMap<>();
        for (TenantId tenant : truth.tenants()) {
            var month = truth.tenantMonthlyCost(tenant, MONTH, NOW);
            BigDecimal lo = BigDecimal.ZERO, hi = BigDecimal.ZERO;
            for (SimAccount a : truth.accountsOf(tenant)) {
                lo = lo.add(spendLow.getOrDefault(a.id(), BigDecimal.ZERO));
                hi = hi.add(spendHigh.getOrDefault(a.id(), BigDecimal.ZERO));
            }
            if (month.total().add(lo).signum() == 0) {
                continue;
            }
            want.put(tenant.value(), new BigDecimal[] {
                share(month.baseline(), month.total(), lo), share(month.baseline(), month.total(), hi)
            });
        }
        JsonNode page = get(api, "/api/v1/tenants?limit=1000&sort=tenant&basis=unblended", ADMIN_TOKEN);
        Map<String, BigDecimal> served = new TreeMap<>();
        for (JsonNode row : page.get("tenants")) {
            if (!row.path("baselineShare").isNull()
                    && !row.get("tenant_id").asText().equals(UNASSIGNED)) {
                served.put(row.get("tenant_id").asText(), money(row.get("baselineShare")));
            }
        }
        System.out.println("[check] baselineShare of " + served.size() + " tenants vs truth " + want.size() + ", e.g. "
                + served.entrySet().stream().limit(3).toList());
        assertThat(served.keySet()).isEqualTo(want.keySet());
        served.forEach(
                (tenant, v) -> assertWithin(tenant + " baselineShare", v, want.get(tenant)[0], want.get(tenant)[1]));
    }

    private static BigDecimal share(BigDecimal baseline, BigDecimal total, BigDecimal ourSpend) {
        return baseline.add(ourSpend).divide(total.add(ourSpend), 4, RoundingMode.HALF_EVEN);
    }

    /** What one run's API spend may lose to cost_daily's Decimal(18, 6). */
    private static final BigDecimal STORED_DECIMALS_PER_RUN = new BigDecimal("0.000001");

    private static void assertWithin(String what, BigDecimal value, BigDecimal low, BigDecimal high) {
        assertThat(value).as(what + " within [" + low + ", " + high + "]").isBetween(low, high);
    }

    private static BaselineTruth.Distribution served(JsonNode currency) {
        List<BigDecimal> deciles = new ArrayList<>();
        for (JsonNode d : currency.get("deciles")) {
            deciles.add(BaselineTruth.cents(money(d)));
        }
        return new BaselineTruth.Distribution(
                currency.get("accounts").asInt(),
                BaselineTruth.cents(money(currency.get("total"))),
                BaselineTruth.cents(money(currency.get("median"))),
                BaselineTruth.cents(money(currency.get("p90"))),
                deciles,
                BaselineTruth.cents(money(currency.get("max"))));
    }

    private static Map<String, JsonNode> components(JsonNode currency) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode c : currency.get("byComponent")) {
            out.put(c.get("component").asText(), c);
        }
        return out;
    }

    private static String text(JsonNode node, String snake, String camel) {
        return node.has(snake) ? node.get(snake).asText() : node.get(camel).asText();
    }

    /** Check 4: per-tenant sums of the month's export, without our own API spend, equal the truth. */
    private void assertExports(QueryApiServer api, Map<String, BigDecimal> costTruth, String format) throws Exception {
        HttpResponse<String> response = send(
                api, "/api/v1/exports/cost?month=" + MONTH + "&format=" + format + "&basis=unblended", ADMIN_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, BigDecimal> sums = new TreeMap<>();
        int rows = 0;
        if (format.equals("jsonl")) {
            for (String line : response.body().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row = json.readTree(line);
                rows++;
                if (!row.get("service").asText().equals(COLLECTOR_SERVICE)) {
                    sums.merge(row.get("tenant_id").asText(), money(row.get("amount")), BigDecimal::add);
                }
            }
        } else {
            String[] lines = response.body().split("\n");
            List<String> header = csv(lines[0]);
            int tenant = header.indexOf("tenant_id"), service = header.indexOf("service");
            int amount = header.indexOf("amount");
            assertThat(List.of(tenant, service, amount))
                    .as("CSV header " + header)
                    .doesNotContain(-1);
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                List<String> row = csv(lines[i]);
                rows++;
                if (!row.get(service).equals(COLLECTOR_SERVICE)) {
                    sums.merge(row.get(tenant), new BigDecimal(row.get(amount)), BigDecimal::add);
                }
            }
        }
        Map<String, BigDecimal> observed = Cents.nonZero(sums);
        // the payer pull reads the whole organisation: the management account's own lines land unassigned
        BigDecimal unassigned = observed.remove(UNASSIGNED);
        if (unassigned != null) {
            assertThat(unassigned).as(format + " export, unassigned").isEqualTo(managementTruth);
        }
        System.out.println("[check] export " + format + ": " + rows + " rows, " + observed.size() + " tenants, total "
                + sum(observed.values()) + " vs truth " + sum(costTruth.values()));
        assertThat(observed).as(format + " export").isEqualTo(costTruth);
    }

    /** Check 5: a tenant token lists only its tenant and gets 404 for another tenant's cost. */
    private void assertTenantScope(QueryApiServer api, TenantId tenant, Map<String, BigDecimal> costTruth)
            throws Exception {
        JsonNode page = get(api, "/api/v1/tenants?limit=1000", TENANT_TOKEN);
        Set<String> seen = new TreeSet<>();
        for (JsonNode row : page.get("tenants")) {
            seen.add(row.get("tenant_id").asText());
        }
        String other = costTruth.keySet().stream()
                .filter(t -> !t.equals(tenant.value()))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> foreign = send(api, "/api/v1/tenants/" + other + "/cost", TENANT_TOKEN);
        HttpResponse<String> own = send(api, "/api/v1/tenants/" + tenant.value() + "/cost", TENANT_TOKEN);
        System.out.println("[check] tenant token for " + tenant.value() + ": lists " + seen + ", own cost "
                + own.statusCode() + ", " + other + "'s cost " + foreign.statusCode());
        assertThat(seen).containsExactly(tenant.value());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(404);
    }

    /** Month-to-date cost per tenant from the tenant list, less each tenant's collector API spend, to the cent. */
    private Map<String, BigDecimal> tenantListCostLessOurSpend(QueryApiServer api) throws Exception {
        JsonNode page = get(api, "/api/v1/tenants?limit=1000&sort=tenant&basis=unblended", ADMIN_TOKEN);
        assertThat(page.get("total").asInt()).isEqualTo(page.get("tenants").size());
        Map<String, BigDecimal> cost = new TreeMap<>();
        for (JsonNode row : page.get("tenants")) {
            if (!row.get("cost").isNull()) {
                cost.merge(row.get("tenant_id").asText(), money(row.get("cost")), BigDecimal::add);
            }
        }
        Map<String, BigDecimal> out = new TreeMap<>();
        for (Map.Entry<String, BigDecimal> e : cost.entrySet()) {
            JsonNode body = get(
                    api,
                    "/api/v1/tenants/" + e.getKey() + "/cost?granularity=month&by=service&basis=unblended&from="
                            + MONTH.atDay(1)
                            + "&to=" + MONTH.atEndOfMonth(),
                    ADMIN_TOKEN);
            BigDecimal ours = BigDecimal.ZERO;
            for (JsonNode row : body.get("rows")) {
                if (row.get("service").asText().equals(COLLECTOR_SERVICE)) {
                    ours = ours.add(money(row.get("total")));
                }
            }
            out.put(e.getKey(), e.getValue().subtract(ours));
        }
        Map<String, BigDecimal> tenants = Cents.nonZero(out);
        tenants.remove(UNASSIGNED); // not a tenant (ScaleOutIT checks its amount in ClickHouse)
        return tenants;
    }

    private static Map<String, BigDecimal> costTruth(GroundTruth truth) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (TenantId tenant : truth.tenants()) {
            BigDecimal total = truth.tenantMonthlyCost(tenant, MONTH, NOW).total();
            if (!truth.accountsOf(tenant).isEmpty() && total.signum() != 0) {
                out.put(tenant.value(), Cents.of(total));
            }
        }
        return out;
    }

    private JsonNode get(QueryApiServer api, String path, String token) throws Exception {
        HttpResponse<String> response = send(api, path, token);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(QueryApiServer api, String path, String token) throws Exception {
        URI uri = api.uri().resolve(path);
        return http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A money value, whether the API renders it as a JSON number or a string. */
    private static BigDecimal money(JsonNode node) {
        return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
    }

    /** One line of RFC 4180 CSV (quoted fields, doubled quotes). */
    private static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else if (c != '\r') {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    private static BigDecimal sum(Iterable<BigDecimal> values) {
        BigDecimal out = BigDecimal.ZERO;
        for (BigDecimal v : values) {
            out = out.add(v);
        }
        return out;
    }

    private static boolean poll(Await.Check check) throws Exception {
        return Await.poll(PATIENCE, check);
    }

    private static void awaitTrue(String what, Await.Check condition) throws Exception {
        Await.awaitTrue(what, PATIENCE, condition);
    }
}
