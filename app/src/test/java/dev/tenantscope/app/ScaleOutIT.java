package dev.tenantscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.collector.Collector;
import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.SimClock;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
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
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out claim: two collectors and two streams instances (one consumer group each, one broker) end with
 * the same per-tenant cost as one of each, and both equal fleet-sim's ground truth to the cent — in ClickHouse and
 * through the query API.
 */
class ScaleOutIT {
    // streams' tenant of accounts without one (the management account here)
    private static final String UNASSIGNED = "unassigned";
    private static final Instant NOW =
            FleetSpec.DEFAULT_GENESIS.plus(Duration.ofDays(9).plusHours(12));
    private static final int ACCOUNTS = 30;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void twoCollectorsAndTwoStreamsInstancesGiveTheSameTotalsAsOneOfEach() throws Exception {
        Map<String, BigDecimal> single = runPipeline(dir.resolve("one-of-each"), 1);
        Map<String, BigDecimal> scaled = runPipeline(dir.resolve("two-of-each"), 2);

        System.out.println("[scale-out] per-tenant month-to-date cost, " + single.size() + " tenants: one of each = "
                + single.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add) + ", two of each = "
                + scaled.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(single).isNotEmpty();
        assertThat(scaled).isEqualTo(single);
    }

    /** Runs the pipeline with {@code instances} collectors and streams instances; returns cost per tenant. */
    private Map<String, BigDecimal> runPipeline(Path root, int instances) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(root.resolve("kafka"));
                FleetSimServer sim =
                        FleetSimServer.start(FleetSpec.defaults().withAccounts(ACCOUNTS), 0, SimClock.fixed(NOW));
                ClickHouseSql clickhouse = ChdbClickHouse.open(root.resolve("clickhouse"));
                // closed first (reverse order of start), while the broker is still up
                Stack started = new Stack()) {
            System.out.println("[backend] " + instances + "× collector + " + instances + "× streams on KRaft "
                    + broker.bootstrapServers() + ", fleet-sim " + sim.endpoint() + ", " + clickhouse.engine());
            Migrations.tenantscope().apply(clickhouse);
            String bootstrap = broker.bootstrapServers();
            StreamsAppConfig streamsConfig = StreamsAppConfig.defaults();
            List<Collector> collectors = new ArrayList<>();
            int partitions = streamsConfig.kafka().topics().partitions(); // production's
            try (Admin admin = broker.admin()) {
                new TopicProvisioner(admin, partitions, (short) 1, Duration.ofDays(7)).ensure(Topics.all());
            }
            for (int i = 0; i < instances; i++) {
                CollectorConfig config = DemoWiring.collector(
                                CollectorConfig.defaults(), sim, bootstrap, "collector-" + i)
                        .withPrometheusPort(-1);
                Collector collector = Collector.open(config, sim.clock());
                started.add(collector);
                collectors.add(collector);
            }
            for (int i = 0; i < instances; i++) {
                started.add(StreamsApp.start(streamsConfig, bootstrap, root.resolve("streams-" + i)));
                started.add(ClickHouseSink.start(streamsConfig, bootstrap, clickhouse));
            }
            awaitTrue(
                    "collectors to share the accounts topic's partitions",
                    () -> collectors.stream()
                                    .mapToInt(c -> c.ownedPartitions().size())
                                    .sum()
                            == partitions);
            sweepAll(collectors); // the discovery leader registers the fleet
            for (Collector c : collectors) {
                c.awaitAccounts(Duration.ofSeconds(60));
            }
            sweepAll(collectors);

            Map<String, BigDecimal> truth = truth(sim);
            awaitTrue("ClickHouse cost to equal the ground truth", () -> truth.equals(costByTenant(clickhouse)));
            // the payer pull reads the whole organisation: the management account's own lines (commitment fees,
            // its baseline) land unassigned, and equal its invoice lines
            BigDecimal management = managementTruth(sim);
            awaitTrue(
                    "ClickHouse's unassigned cost to equal the management account's invoice lines",
                    () -> management.equals(unassigned(clickhouse)));
            assertApiServesTheTruth(sim, clickhouse);

            // Cost Explorer restates estimated days: two days on, the re-pulled trailing window must replace the
            // earlier values, never add to them.
            LocalDate yesterday = NOW.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
            Map<TenantId, BigDecimal> before = dailyTruth(sim, yesterday);
            sim.clock().advance(Duration.ofDays(2));
            assertThat(dailyTruth(sim, yesterday))
                    .as("fleet-sim restates yesterday")
                    .isNotEqualTo(before);
            sweepAll(collectors);
            Map<String, BigDecimal> restated = truth(sim);
            awaitTrue("ClickHouse cost to equal the restated truth", () -> restated.equals(costByTenant(clickhouse)));
            assertApiServesTheTruth(sim, clickhouse);
            return costByTenant(clickhouse);
        }
    }

    /** The query API's per-tenant month (workload, and total less our own API spend) equals the ground truth. */
    private static void assertApiServesTheTruth(FleetSimServer sim, ClickHouseSql clickhouse) throws Exception {
        String token = "scale-out-admin";
        YearMonth month = YearMonth.from(NOW.atZone(java.time.ZoneOffset.UTC));
        QueryApiConfig config = QueryApiConfig.defaults()
                .withTokens(List.of(ApiToken.ofPlain("admin", token, Role.ADMIN, null)))
                .withClock(sim.clock());
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        try (QueryApiServer api = QueryApiServer.start(config, clickhouse, 0)) {
            int checked = 0;
            for (TenantId tenant : sim.truth().tenants()) {
                var truth =
                        sim.truth().tenantMonthlyCost(tenant, month, sim.clock().instant());
                if (truth.total().signum() == 0) {
                    continue;
                }
                URI uri = api.uri()
                        .resolve("/api/v1/tenants/" + tenant.value()
                                + "/cost?granularity=month&by=service&basis=unblended&from=" + month.atDay(1) + "&to="
                                + month.atEndOfMonth());
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode())
                        .as(uri + ": " + response.body())
                        .isEqualTo(200);
                JsonNode body = json.readTree(response.body());
                BigDecimal workload = BigDecimal.ZERO;
                BigDecimal withoutOurSpend = BigDecimal.ZERO;
                for (JsonNode row : body.get("rows")) {
                    workload = workload.add(row.get("workload").decimalValue());
                    if (!row.get("service").asText().equals("tenantscope collector")) {
                        withoutOurSpend = withoutOurSpend.add(row.get("total").decimalValue());
                    }
                }
                assertThat(cents(workload))
                        .as(tenant + " workload")
                        .isEqualTo(cents(workloadUsage(sim, tenant, month)));
                assertThat(cents(withoutOurSpend)).as(tenant + " total").isEqualTo(cents(truth.total()));
                checked++;
            }
            assertThat(checked).isPositive();
        }
    }

    private static void sweepAll(List<Collector> collectors) {
        collectors.stream()
                .map(c -> CompletableFuture.supplyAsync(c::sweepOnce))
                .toList()
                .forEach(CompletableFuture::join);
    }

    /** Cost Explorer's cost per tenant this month, to the cent; our own API spend is not part of the truth. */
    private static Map<String, BigDecimal> costByTenant(ClickHouseSql sql) {
        Map<String, BigDecimal> out = costByTenantIncludingUnassigned(sql);
        out.remove(UNASSIGNED);
        return out;
    }

    private static Map<String, BigDecimal> costByTenantIncludingUnassigned(ClickHouseSql sql) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (Map<String, Object> row : sql.rows(
                """
                SELECT tenant_id, toString(sum(amount)) AS total
                FROM cost_daily FINAL
                WHERE baseline_component != 'collector-api' AND toYYYYMM(day) = {month:UInt32}
                GROUP BY tenant_id
                """,
                Map.of(
                        "month",
                        String.valueOf(NOW.atZone(java.time.ZoneOffset.UTC).getYear() * 100
                                + NOW.atZone(java.time.ZoneOffset.UTC).getMonthValue())))) {
            out.put((String) row.get("tenant_id"), cents(new BigDecimal((String) row.get("total"))));
        }
        return out;
    }

    /**
     * A tenant's month so far of workload usage as fleet-sim bills it, unblended: workload services' usage record
     * types (Usage, Savings Plan covered usage and its negation, discounted usage). Tax, credits, refunds and fees
     * are their own categories now that lines keep their record type; the total still holds them all.
     */
    private static BigDecimal workloadUsage(FleetSimServer sim, TenantId tenant, YearMonth month) {
        Set<String> usage = Set.of("Usage", "SavingsPlanCoveredUsage", "SavingsPlanNegation", "DiscountedUsage");
        java.time.Instant now = sim.clock().instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        BigDecimal sum = BigDecimal.ZERO;
        for (var account : sim.truth().accountsOf(tenant)) {
            for (LocalDate d = month.atDay(1);
                    !d.isAfter(today) && !d.isAfter(month.atEndOfMonth());
                    d = d.plusDays(1)) {
                for (var line : sim.truth().billingLines(account.id(), d, now)) {
                    if (!line.baseline() && usage.contains(line.recordType())) {
                        sum = sum.add(line.amount(dev.tenantscope.model.events.CostBasis.UNBLENDED));
                    }
                }
            }
        }
        return sum;
    }

    /** The unassigned (no tenant) cost of this month in ClickHouse, less our own API spend. */
    private static BigDecimal unassigned(ClickHouseSql sql) {
        return costByTenantIncludingUnassigned(sql).getOrDefault(UNASSIGNED, cents(BigDecimal.ZERO));
    }

    /** The management account's month so far on fleet-sim's invoice, unblended, every record type. */
    private static BigDecimal managementTruth(FleetSimServer sim) {
        YearMonth month = YearMonth.from(NOW.atZone(java.time.ZoneOffset.UTC));
        return cents(sim.truth()
                .invoice(month, sim.clock().instant())
                .accountTotal(sim.truth().managementAccount(), dev.tenantscope.model.events.CostBasis.UNBLENDED));
    }

    private static Map<TenantId, BigDecimal> dailyTruth(FleetSimServer sim, LocalDate day) {
        Map<TenantId, BigDecimal> out = new TreeMap<>();
        for (TenantId tenant : sim.truth().tenants()) {
            out.put(
                    tenant,
                    sim.truth()
                            .tenantDailyCost(tenant, day, sim.clock().instant())
                            .total());
        }
        return out;
    }

    private static Map<String, BigDecimal> truth(FleetSimServer sim) {
        YearMonth month = YearMonth.from(NOW.atZone(java.time.ZoneOffset.UTC));
        Map<String, BigDecimal> out = new TreeMap<>();
        for (TenantId tenant : sim.truth().tenants()) {
            BigDecimal total = sim.truth()
                    .tenantMonthlyCost(tenant, month, sim.clock().instant())
                    .total();
            if (!sim.truth().accountsOf(tenant).isEmpty() && total.signum() != 0) {
                out.put(tenant.value(), cents(total));
            }
        }
        return out;
    }

    private static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN);
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
