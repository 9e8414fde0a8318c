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
import dev.tenantscope.fleetsim.FaultConfig;
import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.GroundTruth;
import dev.tenantscope.fleetsim.Invoice;
import dev.tenantscope.fleetsim.SimCatalog;
import dev.tenantscope.fleetsim.SimClock;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.queryapi.ApiToken;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.QueryApiServer;
import dev.tenantscope.queryapi.Role;
import dev.tenantscope.streams.ClickHouseSink;
import dev.tenantscope.streams.StreamsApp;
import dev.tenantscope.streams.StreamsAppConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's "done when": a month billed the way AWS bills it — a Savings Plan (its fee in the management account,
 * covered usage and negations in the tenants'), credits, tax, the support fee added on the 6th–7th and refunds
 * added after the month is final — comes out of the real pipeline (fleet-sim, collector with the production
 * defaults, KRaft broker, streams, ClickHouse sink on chDB, query API) equal to fleet-sim's invoice: per tenant
 * under every basis, to the cent, and tenants plus unallocated (the management account) add up to the
 * organisation's total. First on the 10th of the next month (a first start: last month arrives with the backfill),
 * then on the 29th, after the weekly re-pull has brought the refunds added after close.
 */
class InvoiceTruthIT {
    private static final YearMonth MONTH = YearMonth.of(2026, 10);
    private static final Instant TENTH = Instant.parse("2026-11-10T12:00:00Z");
    private static final Instant LATE = Instant.parse("2026-11-29T12:00:00Z");
    private static final int ACCOUNTS = 120;
    // a re-pull of two months of 120 accounts is ~110k lines through the topology
    private static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final String UNASSIGNED = "unassigned";
    private static final String OUR_SPEND = "tenantscope collector";
    private static final String TOKEN = "invoice-admin";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path dir;

    @Test
    void perTenantCostUnderEveryBasisEqualsTheInvoiceToTheCentBeforeAndAfterLateRefunds() throws Exception {
        SimClock clock = SimClock.fixed(TENTH);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
                FleetSimServer sim = FleetSimServer.start(FleetSpec.defaults().withAccounts(ACCOUNTS), 0, clock);
                ClickHouseSql clickhouse = ChdbClickHouse.open(dir.resolve("clickhouse"));
                Stack started = new Stack()) {
            Migrations.tenantscope().apply(clickhouse);
            sim.faults().set(FaultConfig.none());
            String bootstrap = broker.bootstrapServers();
            StreamsAppConfig streamsConfig = StreamsAppConfig.defaults();
            try (Admin admin = broker.admin()) {
                new TopicProvisioner(admin, streamsConfig.kafka().topics().partitions(), (short) 1, Duration.ofDays(90))
                        .ensure(Topics.all());
            }
            Collector collector = Collector.open(
                    DemoWiring.collector(CollectorConfig.defaults(), sim, bootstrap, "invoice-collector")
                            .withPrometheusPort(-1),
                    clock);
            started.add(collector);
            started.add(StreamsApp.start(streamsConfig, bootstrap, dir.resolve("streams")));
            started.add(ClickHouseSink.start(streamsConfig, bootstrap, clickhouse));
            QueryApiServer api = QueryApiServer.start(
                    QueryApiConfig.defaults()
                            .withTokens(List.of(ApiToken.ofPlain("admin", TOKEN, Role.ADMIN, null)))
                            .withClock(clock),
                    clickhouse,
                    0);
            started.add(api);
            collector.sweepOnce(); // the discovery leader registers the fleet
            collector.awaitAccounts(Duration.ofSeconds(60));
            collector.sweepOnce(); // the first payer pull: the month to date, and the backfill's first month

            GroundTruth truth = sim.truth();
            Invoice atTenth = truth.invoice(MONTH, TENTH);
            assertThat(atTenth.closed()).as("October is final on November 10th").isTrue();
            Map<String, BigDecimal> byType = atTenth.byRecordType(CostBasis.UNBLENDED);
            System.out.println("[truth] October at " + TENTH + " by record type: " + byType);
            assertThat(byType)
                    .as("the month has what AWS bills around usage")
                    .containsKeys(
                            SimCatalog.SAVINGS_PLAN_COVERED_USAGE,
                            SimCatalog.SAVINGS_PLAN_NEGATION,
                            SimCatalog.SAVINGS_PLAN_RECURRING_FEE,
                            SimCatalog.CREDIT,
                            SimCatalog.TAX,
                            SimCatalog.SUPPORT);
            awaitInvoice(api, truth, atTenth);

            Invoice late = truth.invoice(MONTH, LATE);
            BigDecimal lateRefunds = late.byRecordType(CostBasis.UNBLENDED)
                    .getOrDefault(SimCatalog.REFUND, BigDecimal.ZERO)
                    .subtract(byType.getOrDefault(SimCatalog.REFUND, BigDecimal.ZERO));
            assertThat(lateRefunds)
                    .as("refunds added between the 10th and the 29th")
                    .isNegative();
            clock.set(LATE);
            collector.sweepOnce(); // the 29th: a weekly re-pull of October (8 + 3 × 7)
            awaitInvoice(api, truth, late);
        }
    }

    /** Waits until every basis's per-tenant totals equal the invoice, then checks they add up to it. */
    private void awaitInvoice(QueryApiServer api, GroundTruth truth, Invoice invoice) throws Exception {
        Map<CostBasis, Map<String, BigDecimal>> expected = new EnumMap<>(CostBasis.class);
        for (CostBasis basis : CostBasis.values()) {
            expected.put(basis, perTenant(truth, invoice, basis));
        }
        Map<CostBasis, Map<String, BigDecimal>> exact = new EnumMap<>(CostBasis.class);
        Map<CostBasis, Map<String, BigDecimal>> observed = new EnumMap<>(CostBasis.class);
        boolean equal = Await.poll(PATIENCE, () -> {
            for (CostBasis basis : CostBasis.values()) {
                exact.put(basis, exported(api, basis));
                observed.put(basis, Cents.nonZero(exact.get(basis)));
            }
            return observed.equals(expected);
        });
        for (CostBasis basis : CostBasis.values()) {
            assertThat(observed.get(basis))
                    .as(
                            "October per tenant under %s at %s (equal within %s: %s)",
                            basis.apiName(), invoice.asOf(), PATIENCE, equal)
                    .isEqualTo(expected.get(basis));
            // summed before rounding, as the invoice is
            BigDecimal sum = Cents.of(exact.get(basis).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
            assertThat(sum)
                    .as("tenants + unallocated = the organisation's %s total", basis.apiName())
                    .isEqualTo(Cents.of(invoice.organisationTotal(basis)));
        }
        System.out.println("[check] " + invoice.asOf() + ": "
                + observed.get(CostBasis.UNBLENDED).size()
                + " tenants + unallocated, unblended total " + Cents.of(invoice.organisationTotal(CostBasis.UNBLENDED))
                + ", amortized " + Cents.of(invoice.organisationTotal(CostBasis.AMORTIZED)));
    }

    /**
     * The invoice summed per tenant under {@code basis}, in cents; the management account's lines are unallocated.
     * A tenant is who owns the account now (accounts do not move in this fleet).
     */
    private static Map<String, BigDecimal> perTenant(GroundTruth truth, Invoice invoice, CostBasis basis) {
        Map<String, BigDecimal> out = new TreeMap<>();
        Set<AccountId> accounts = new java.util.HashSet<>();
        invoice.lines().forEach(l -> accounts.add(l.account()));
        for (AccountId a : accounts) {
            String tenant = a.equals(truth.managementAccount())
                    ? UNASSIGNED
                    : truth.account(a).orElseThrow().tenant().value();
            out.merge(tenant, invoice.accountTotal(a, basis), BigDecimal::add);
        }
        return Cents.nonZero(out);
    }

    /** The month's export under {@code basis}, summed per tenant without tenantscope's own API spend. */
    private Map<String, BigDecimal> exported(QueryApiServer api, CostBasis basis) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(api.uri()
                                .resolve(URI.create("/api/v1/exports/cost?month=" + MONTH + "&format=jsonl&basis="
                                        + basis.apiName())))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String column = basis == CostBasis.UNBLENDED ? "amount" : snake(basis.apiName()) + "_amount";
        Map<String, BigDecimal> sums = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = json.readTree(line);
            if (!row.get("service").asText().equals(OUR_SPEND)) {
                JsonNode v = row.get(column);
                assertThat(v).as("column %s in %s", column, line).isNotNull();
                sums.merge(
                        row.get("tenant_id").asText(),
                        v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText()),
                        BigDecimal::add);
            }
        }
        return sums;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }
}
