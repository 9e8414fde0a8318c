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
            Collector collector = Collector.open(
                    DemoWiring.collector(CollectorConfig.defaults(), sim, bootstrap, "collector-0")
                            .withPrometheusPort(-1),
                    sim.clock());
            started.add(collector);
            started.add(StreamsApp.start(streamsConfig, bootstrap, dir.resolve("streams")));
            started.add(ClickHouseSink.start(streamsConfig, bootstrap, clickhouse));
            awaitTrue(
                    "the collector to own the accounts topic's partitions",
                    () -> collector.ownedPartitions().size()
                            == StreamsAppConfig.defaults().kafka().topics().partitions());
            collector.sweepOnce(); // the discovery leader registers the fleet
            collector.awaitAccounts(Duration.ofSeconds(60));
            collector.sweepOnce();

            GroundTruth truth = sim.truth();
            Map<String, BigDecimal> costTruth = costTruth(truth);
            managementTruth = cents(truth.invoice(MONTH, NOW)
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
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
                FleetSimServer sim =
                        FleetSimServer.start(FleetSpec.defaults().withAccounts(accounts), 0, SimClock.fixed(NOW));
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
            assertThat(want1h).isNotEmpty();
            String[] seen = {""};
            boolean equal = poll(() -> {
                Map<String, String> got5m = closedRollups(clickhouse, "5m", from, through);
                Map<String, String> got1h = closedRollups(clickhouse, "1h", from, through);
                seen[0] = "5m: " + got5m.size() + " of " + want5m.size() + " windows, 1h: " + got1h.size() + " of "
                        + want1h.size();
                return got5m.equals(want5m) && got1h.equals(want1h);
            });
            System.out.println("[check] metric rollups vs ground truth: " + seen[0]);
            Map<String, String> last5m = closedRollups(clickhouse, "5m", from, through);
            want5m.keySet().stream()
                    .filter(k -> !want5m.get(k).equals(last5m.get(k)))
                    .limit(40)
                    .forEach(k ->
                            System.out.println("[diff] " + k + " want " + want5m.get(k) + " got " + last5m.get(k)));
            assertThat(closedRollups(clickhouse, "5m", from, through)).isEqualTo(want5m);
            assertThat(closedRollups(clickhouse, "1h", from, through)).isEqualTo(want1h);
            assertThat(equal).isTrue();
        }
    }

    /**
     * tenant|metric|region|window start → "count|sum" for every window of {@code size} inside [from, through):
     * the complete value of each datapoint of each default metric, summed over the tenant's active accounts.
     */
    private static Map<String, String> metricTruth(
            GroundTruth truth, CollectorConfig config, Instant from, Instant through, Duration size) {
        List<CollectorConfig.MetricSpec> specs =
                new ArrayList<>(config.metrics().alert());
        specs.addAll(config.metrics().standard());
        Map<String, double[]> sums = new TreeMap<>();
        for (SimAccount account : truth.accounts(NOW)) {
            if (account.statusAt(NOW) != AccountStatus.ACTIVE || account.statusAt(through) != AccountStatus.ACTIVE) {
                continue;
            }
            for (CollectorConfig.MetricSpec spec : specs) {
                String metric = spec.statistic().equals("Sum") ? spec.metric() : spec.metric() + "." + spec.statistic();
                for (Instant t = from; t.isBefore(through); t = t.plusSeconds(spec.periodSeconds())) {
                    Instant window = Instant.ofEpochSecond(
                            Math.floorDiv(t.getEpochSecond(), size.toSeconds()) * size.toSeconds());
                    if (window.isBefore(from) || window.plus(size).isAfter(through)) {
                        continue;
                    }
                    var v = truth.metric(
                            account.id(), spec.namespace(), spec.metric(), spec.statistic(), spec.periodSeconds(), t);
                    if (v.isPresent()) {
                        double[] agg = sums.computeIfAbsent(
                                account.tenant().value() + "|" + spec.namespace() + "/" + metric + "|us-east-1|"
                                        + window,
                                k -> new double[2]);
                        agg[0]++;
                        agg[1] += v.getAsDouble();
                    }
                }
            }
        }
        Map<String, String> out = new TreeMap<>();
        sums.forEach((k, agg) -> out.put(k, (long) agg[0] + "|" + rounded(agg[1])));
        return out;
    }

    /** The complete rollups of {@code window} inside [from, through), keyed as {@link #metricTruth}. */
    private static Map<String, String> closedRollups(
            ClickHouseSql clickhouse, String window, Instant from, Instant through) {
        Map<String, String> out = new TreeMap<>();
        Duration size = window.equals("5m") ? Duration.ofMinutes(5) : Duration.ofHours(1);
        for (Map<String, Object> row : clickhouse.rows("SELECT tenant_id, namespace, metric, region,"
                + " toUnixTimestamp(window_start) AS start, toString(count) AS n, sum, complete"
                + " FROM tenant_metrics FINAL WHERE window = '" + window + "' AND namespace != 'tenantscope/logs'")) {
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
        System.out.println("[check] /api/v1/cost/baseline less collector-api: " + cents(observed) + " vs truth "
                + cents(expected));
        assertThat(cents(observed)).isEqualTo(cents(expected));
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
        Map<String, BigDecimal> observed = nonZeroCents(sums);
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
        Map<String, BigDecimal> tenants = nonZeroCents(out);
        tenants.remove(UNASSIGNED); // not a tenant (ScaleOutIT checks its amount in ClickHouse)
        return tenants;
    }

    private static Map<String, BigDecimal> costTruth(GroundTruth truth) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (TenantId tenant : truth.tenants()) {
            BigDecimal total = truth.tenantMonthlyCost(tenant, MONTH, NOW).total();
            if (!truth.accountsOf(tenant).isEmpty() && total.signum() != 0) {
                out.put(tenant.value(), cents(total));
            }
        }
        return out;
    }

    private static Map<String, BigDecimal> nonZeroCents(Map<String, BigDecimal> amounts) {
        Map<String, BigDecimal> out = new TreeMap<>();
        amounts.forEach((k, v) -> {
            if (cents(v).signum() != 0) {
                out.put(k, cents(v));
            }
        });
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

    private static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN);
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    /** Polls until the check holds or patience runs out; returns whether it held. */
    private static boolean poll(Check check) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
        return true;
    }

    private static void awaitTrue(String what, Check condition) throws Exception {
        if (!poll(condition)) {
            throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
        }
    }
}
