package dev.tenantscope.queryapi;

import static dev.tenantscope.queryapi.Fixture.ACME;
import static dev.tenantscope.queryapi.Fixture.GLOBEX;
import static dev.tenantscope.queryapi.Fixture.HOSTILE;
import static dev.tenantscope.queryapi.Fixture.INITECH;
import static dev.tenantscope.queryapi.Fixture.TODAY;
import static dev.tenantscope.queryapi.TestApi.ADMIN;
import static dev.tenantscope.queryapi.TestApi.FINANCE;
import static dev.tenantscope.queryapi.TestApi.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantscope.queryapi.Fixture.Account;
import dev.tenantscope.queryapi.Fixture.Cost;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint over HTTP against real chDB: the numbers equal those computed from the fixture in Java. */
class QueryApiIT {
    private final TestApi api = TestApi.get();
    private final Fixture f = api.fixture;

    private JsonNode ok(String path, String token) {
        TestApi.Response r = api.get(path, token);
        assertThat(r.status()).as(path + " → " + r.text()).isEqualTo(200);
        return r.json();
    }

    private static void money(JsonNode node, BigDecimal expected) {
        assertThat(node.decimalValue()).isEqualByComparingTo(expected);
    }

    @Nested
    class FleetHealthEndpoint {
        private final JsonNode h = ok("/api/v1/fleet/health", ADMIN);
        private final List<Account> accounts = f.accounts();
        private final Instant staleBefore = Fixture.NOW.minusSeconds(15 * 60);

        @Test
        void countsAccountsByStatusAndObservabilityAtTheirLatestVersion() {
            JsonNode a = h.get("accounts");
            assertThat(a.get("total").asInt()).isEqualTo(accounts.size());
            assertThat(a.get("tenants").asInt()).isEqualTo(Fixture.TENANTS.size());
            for (String s : List.of("ACTIVE", "SUSPENDED", "CLOSED")) {
                assertThat(a.get("byStatus").get(s).asLong())
                        .as(s)
                        .isEqualTo(accounts.stream()
                                .filter(x -> x.status().equals(s))
                                .count());
            }
            for (String o : List.of("OBSERVABLE", "UNOBSERVABLE", "UNKNOWN")) {
                assertThat(a.get("byObservability").get(o).asLong())
                        .as(o)
                        .isEqualTo(accounts.stream()
                                .filter(x -> x.observability().equals(o))
                                .count());
            }
            assertThat(a.get("new").asLong())
                    .isEqualTo(accounts.stream()
                            .filter(x -> !x.joined().isBefore(Fixture.NOW.minusSeconds(7 * 86400)))
                            .count());
        }

        @Test
        void listsUnobservableAccountsWithTheirReasonAndSuspendedAndNewOnes() {
            JsonNode a = h.get("accounts");
            Set<String> unobservable = new HashSet<>();
            a.get("unobservable")
                    .forEach(n -> unobservable.add(n.get("account_id").asText() + "|"
                            + n.get("unobservable_reason").asText()));
            Set<String> expected = new HashSet<>();
            accounts.stream()
                    .filter(x -> x.observability().equals("UNOBSERVABLE"))
                    .forEach(x -> expected.add(x.id() + "|" + x.reason()));
            assertThat(unobservable).isEqualTo(expected);
            assertThat(a.get("suspended").findValuesAsText("account_id"))
                    .containsExactlyElementsOf(accounts.stream()
                            .filter(x -> x.status().equals("SUSPENDED"))
                            .map(Account::id)
                            .toList());
            assertThat(a.get("newAccounts").findValuesAsText("account_id")).containsExactly("333333333331");
            assertThat(a.get("unobservableByReason").size()).isEqualTo(expected.size());
        }

        @Test
        void reportsFreshnessOfActiveAccounts() {
            JsonNode fr = h.get("freshness");
            List<Account> active =
                    accounts.stream().filter(x -> x.status().equals("ACTIVE")).toList();
            long stale = active.stream()
                    .filter(x -> x.lastCollected() == null || x.lastCollected().isBefore(staleBefore))
                    .count();
            assertThat(fr.get("stale").asLong()).isEqualTo(stale);
            assertThat(fr.get("fresh").asLong()).isEqualTo(active.size() - stale);
            assertThat(fr.get("neverCollected").asLong())
                    .isEqualTo(active.stream()
                            .filter(x -> x.lastCollected() == null)
                            .count());
            assertThat(fr.get("stalest").get(0).get("account_id").asText()).isEqualTo("444444444441");
            // latest run in the last 24 h per account: 111 OK, 333 OK (112 last ran 2 days ago: stale)
            Map<String, Long> runs = new TreeMap<>();
            fr.get("latestRunStatus")
                    .forEach(n ->
                            runs.put(n.get("status").asText(), n.get("accounts").asLong()));
            assertThat(runs).isEqualTo(Map.of("OK", 2L));
        }

        @Test
        void listsTenantsWithOpenAlerts() {
            JsonNode t = h.get("tenantsWithOpenAlerts");
            Set<String> alerting = new HashSet<>();
            f.alerts.stream().filter(x -> x.state().equals("open")).forEach(x -> alerting.add(x.tenant()));
            assertThat(t.get("tenants").asInt()).isEqualTo(alerting.size());
            assertThat(t.get("top").findValuesAsText("tenant_id")).containsExactlyInAnyOrderElementsOf(alerting);
            JsonNode acme = t.get("top").get(0); // the one with a critical alert sorts first
            assertThat(acme.get("tenant_id").asText()).isEqualTo(ACME);
            assertThat(acme.get("critical").asInt()).isEqualTo(1);
            assertThat(acme.get("noisy").asInt()).isEqualTo(1);
            assertThat(acme.get("quota").asInt()).isEqualTo(1);
            assertThat(acme.get("cost").asInt()).isEqualTo(1);
            assertThat(acme.get("open").asInt()).isEqualTo(3);
        }

        @Test
        void listsQuotasAboveThresholdByLatestSampleAndForecastsWithinHorizon() {
            JsonNode q = h.get("quotas");
            List<String> above = new ArrayList<>();
            q.get("aboveThreshold")
                    .forEach(n -> above.add(n.get("account_id").asText() + "/"
                            + n.get("quota_code").asText() + "="
                            + n.get("latest_utilisation").asDouble()));
            // initech peaked at 0.95 but its latest sample is 0.4: not listed
            assertThat(above).containsExactly("111111111111/L-1216C47A=0.92", "444444444441/L-DC2B2D3D=0.85");
            assertThat(q.get("forecastToRunOut").findValuesAsText("alert_id")).containsExactly("a-2");
        }

        @Test
        void sumsCollectorApiCallsAndSpendOverTheLastDay() {
            JsonNode s = h.get("collectorApiSpend").get("byCurrency").get(0);
            Instant since = Fixture.NOW.minusSeconds(24 * 3600);
            List<Fixture.Run> mtd =
                    f.runs.stream().filter(r -> !r.started().isBefore(since)).toList();
            assertThat(mtd).hasSize(2);
            money(s.get("api_spend"), mtd.stream().map(Fixture.Run::spend).reduce(BigDecimal.ZERO, BigDecimal::add));
            assertThat(s.get("calls").asInt())
                    .isEqualTo(mtd.stream().mapToInt(Fixture.Run::calls).sum());
            assertThat(s.get("errors").asInt())
                    .isEqualTo(mtd.stream().mapToInt(Fixture.Run::errors).sum());
            assertThat(s.get("throttles").asInt())
                    .isEqualTo(mtd.stream().mapToInt(Fixture.Run::throttles).sum());
            assertThat(s.get("runs").asInt()).isEqualTo(mtd.size());
        }
    }

    @Nested
    class TenantEndpoints {
        @Test
        void listShowsMonthToDateCostBaselineShareAndHealthSortedByCost() {
            JsonNode page = ok("/api/v1/tenants", FINANCE);
            assertThat(page.get("total").asInt()).isEqualTo(Fixture.TENANTS.size());
            List<String> byCost = Fixture.TENANTS.stream()
                    .sorted((x, y) -> Expect.mtd(f, y).compareTo(Expect.mtd(f, x)))
                    .toList();
            assertThat(page.get("tenants").findValuesAsText("tenant_id")).containsExactlyElementsOf(byCost);
            for (JsonNode t : page.get("tenants")) {
                String tenant = t.get("tenant_id").asText();
                BigDecimal cost = Expect.mtd(f, tenant);
                money(t.get("cost"), cost);
                money(t.get("baseline"), Expect.mtdBaseline(f, tenant));
                money(t.get("baselineShare"), Expect.mtdBaseline(f, tenant).divide(cost, 4, RoundingMode.HALF_EVEN));
                assertThat(t.get("currency").asText()).isEqualTo("USD");
            }
            Map<String, String> health = new TreeMap<>();
            page.get("tenants")
                    .forEach(t -> health.put(
                            t.get("tenant_id").asText(), t.get("health").asText()));
            // acme: open critical alert; globex: nothing observable; hostile: open warn alerts + stale; initech: ok
            assertThat(health).isEqualTo(Map.of(ACME, "critical", GLOBEX, "critical", HOSTILE, "warn", INITECH, "ok"));
        }

        @Test
        void listPagesWithLimitAndOffset() {
            JsonNode page = ok("/api/v1/tenants?sort=tenant&limit=2&offset=1", ADMIN);
            List<String> sorted = Fixture.TENANTS.stream().sorted().toList();
            assertThat(page.get("tenants").findValuesAsText("tenant_id"))
                    .containsExactlyElementsOf(sorted.subList(1, 3));
            assertThat(page.get("total").asInt()).isEqualTo(4);
        }

        @Test
        void detailShowsAccountsAndCostByService() {
            JsonNode d = ok("/api/v1/tenants/" + ACME, ADMIN);
            assertThat(d.get("health").asText()).isEqualTo("critical");
            assertThat(d.get("accounts").findValuesAsText("account_id"))
                    .containsExactly("111111111111", "111111111112");
            assertThat(d.get("accounts").get(0).get("status").asText()).isEqualTo("ACTIVE");
            TreeMap<String, BigDecimal> byService = Expect.group(
                    f.effectiveCosts(),
                    c -> c.tenant().equals(ACME) && Expect.in(c, Expect.MONTH_START, TODAY),
                    Cost::service);
            Map<String, BigDecimal> actual = new TreeMap<>();
            d.get("costByService")
                    .forEach(n ->
                            actual.put(n.get("service").asText(), n.get("total").decimalValue()));
            assertThat(actual.keySet()).isEqualTo(byService.keySet());
            byService.forEach((s, v) -> assertThat(actual.get(s)).as(s).isEqualByComparingTo(v));
        }

        @Test
        void hostileTenantIdIsDataInThePath() {
            JsonNode d = ok("/api/v1/tenants/" + enc(HOSTILE), ADMIN);
            assertThat(d.get("tenantId").asText()).isEqualTo(HOSTILE);
            assertThat(d.get("accounts").findValuesAsText("account_id")).containsExactly("444444444441");
            money(d.get("summary").get(0).get("cost"), Expect.mtd(f, HOSTILE));
        }
    }

    @Nested
    class CostEndpoints {
        @Test
        void monthlyCostByServiceSplitsWorkloadAndBaselineAndReadsRestatedValues() {
            LocalDate from = LocalDate.of(2026, 1, 1);
            JsonNode c =
                    ok("/api/v1/tenants/acme/cost?from=2026-01-01&to=2026-03-15&granularity=month&by=service", ADMIN);
            List<Cost> costs = f.effectiveCosts().stream()
                    .filter(x -> x.tenant().equals(ACME) && Expect.in(x, from, TODAY))
                    .toList();
            TreeMap<String, BigDecimal> expected = Expect.group(
                    costs, x -> true, x -> x.day().withDayOfMonth(1) + "|" + x.service() + "|" + x.category());
            int rows = 0;
            for (JsonNode r : c.get("rows")) {
                String key = r.get("period").asText() + "|" + r.get("service").asText();
                BigDecimal workload = expected.getOrDefault(key + "|workload", BigDecimal.ZERO);
                BigDecimal baseline = expected.getOrDefault(key + "|baseline", BigDecimal.ZERO);
                money(r.get("workload"), workload);
                money(r.get("baseline"), baseline);
                money(r.get("total"), workload.add(baseline));
                rows++;
            }
            assertThat(rows).isEqualTo(3 * 4); // 3 months × (2 workload + 2 baseline services)
            money(c.get("totals").get(0).get("total"), Expect.sum(costs, x -> true));
            money(
                    c.get("totals").get(0).get("baseline"),
                    Expect.sum(costs, x -> x.category().equals("baseline")));
        }

        /**
         * Months the range covers whole come from cost_monthly, months it cuts from cost_daily: every mix gives the
         * fixture's sums (restated rows at their latest version), by service and without.
         */
        @ParameterizedTest(name = "{0} .. {1}")
        @CsvSource({
            "2026-01-01, 2026-03-15", // whole months; the last ends on its latest day with cost
            "2026-01-01, 2026-03-31",
            "2026-01-10, 2026-03-15", // the first month cut
            "2026-01-01, 2026-03-01", // the last month cut before its latest day
            "2026-02-05, 2026-02-20", // one month cut at both ends
            "2026-03-16, 2026-03-31", // after the month's latest day: nothing
            "2025-12-01, 2026-02-28"
        })
        void monthlyCostEqualsTheDailyRowsWhetherAMonthIsWholeOrCut(LocalDate from, LocalDate to) {
            for (String by : List.of("service", "none")) {
                JsonNode c = ok(
                        "/api/v1/tenants/acme/cost?from=" + from + "&to=" + to + "&granularity=month&by=" + by, ADMIN);
                TreeMap<String, BigDecimal> expected = Expect.group(
                        f.effectiveCosts(),
                        x -> x.tenant().equals(ACME) && Expect.in(x, from, to),
                        x -> x.day().withDayOfMonth(1) + "|" + (by.equals("service") ? x.service() : ""));
                TreeMap<String, BigDecimal> actual = new TreeMap<>();
                List<String> order = new ArrayList<>();
                for (JsonNode r : c.get("rows")) {
                    String key = r.get("period").asText() + "|"
                            + (by.equals("service") ? r.get("service").asText() : "");
                    actual.put(key, r.get("total").decimalValue().setScale(6));
                    order.add(key);
                }
                expected.replaceAll((k, v) -> v.setScale(6));
                assertThat(actual).as(by).isEqualTo(expected);
                assertThat(order).as("rows by period, then service").isSorted();
            }
        }

        @Test
        void dailyCostWithoutServiceHasOneRowPerDay() {
            JsonNode c = ok("/api/v1/tenants/initech/cost?from=2026-03-01&to=2026-03-15", ADMIN);
            TreeMap<LocalDate, BigDecimal> expected = Expect.group(
                    f.effectiveCosts(),
                    x -> x.tenant().equals(INITECH) && Expect.in(x, Expect.MONTH_START, TODAY),
                    Cost::day);
            assertThat(c.get("rows").size()).isEqualTo(expected.size());
            for (JsonNode r : c.get("rows")) {
                assertThat(r.has("service")).isFalse();
                money(
                        r.get("total"),
                        expected.get(LocalDate.parse(r.get("period").asText())));
            }
        }

        @Test
        void baselineOverheadPerAccountHasNearestRankMedianP90AndComponents() {
            JsonNode b = ok("/api/v1/cost/baseline", FINANCE).get("byCurrency").get(0);
            Map<String, BigDecimal> perAccount = Expect.baselinePerAccount(f, c -> true);
            List<BigDecimal> values = new ArrayList<>(perAccount.values());
            assertThat(b.get("accounts").asInt()).isEqualTo(perAccount.size());
            money(b.get("total"), values.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
            money(b.get("median"), Expect.nearestRank(values, 50));
            money(b.get("p90"), Expect.nearestRank(values, 90));
            money(b.get("max"), Expect.nearestRank(values, 100));
            assertThat(b.get("deciles").size()).isEqualTo(10);
            Map<String, JsonNode> components = new TreeMap<>();
            b.get("byComponent").forEach(n -> components.put(n.get("component").asText(), n));
            assertThat(components.keySet()).containsExactlyInAnyOrder("AWS CloudTrail", "collector-api");
            for (String component : components.keySet()) {
                List<BigDecimal> v = new ArrayList<>(
                        Expect.baselinePerAccount(f, c -> c.component().equals(component))
                                .values());
                money(components.get(component).get("total"), v.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
                money(components.get(component).get("median"), Expect.nearestRank(v, 50));
                money(components.get(component).get("p90"), Expect.nearestRank(v, 90));
            }
        }
    }

    @Nested
    class AlertEndpoint {
        @Test
        void defaultListsOpenAlertsAndThoseClosedInTheLastWeekWithEvidence() {
            JsonNode a = ok("/api/v1/alerts", ADMIN);
            LocalDate since = TODAY.minusDays(7);
            List<String> expected = f.alerts.stream()
                    .filter(x -> x.state().equals("open")
                            || !x.updated()
                                    .isBefore(since.atStartOfDay(java.time.ZoneOffset.UTC)
                                            .toInstant()))
                    .map(Fixture.Alert::id)
                    .sorted()
                    .toList();
            assertThat(a.get("alerts").findValuesAsText("alert_id")).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(a.get("total").asInt()).isEqualTo(expected.size());
            JsonNode first = a.get("alerts").get(0);
            assertThat(first.get("alert_id").asText()).isEqualTo("a-1"); // open + critical first
            assertThat(first.get("evidence").get("metric").asText()).isEqualTo("Errors");
            assertThat(first.get("cohort_percentile").asDouble()).isEqualTo(99.5);
        }

        @Test
        void evidenceThatIsNotJsonComesBackVerbatim() {
            JsonNode a = ok("/api/v1/alerts?kind=noisy&state=open&tenant=" + enc(HOSTILE), ADMIN);
            assertThat(a.get("alerts").size()).isEqualTo(1);
            assertThat(a.get("alerts").get(0).get("evidence").asText()).isEqualTo("not json: <b>" + HOSTILE);
            assertThat(a.get("alerts").get(0).get("subject").asText()).isEqualTo("'; SELECT * FROM alerts --");
        }

        @Test
        void costAnomaliesAreTheirOwnKind() {
            JsonNode a = ok("/api/v1/alerts?kind=cost", ADMIN);
            assertThat(a.get("alerts").findValuesAsText("alert_id")).containsExactly("a-7");
            JsonNode cost = a.get("alerts").get(0);
            assertThat(cost.get("kind").asText()).isEqualTo("cost");
            assertThat(cost.get("subject").asText()).isEqualTo("AWS Lambda");
            assertThat(cost.get("evidence").asText()).contains("expected 0.00..22.00");
        }

        @Test
        void closedSinceReachesOlderAlerts() {
            JsonNode a = ok("/api/v1/alerts?state=closed&since=2026-01-01", ADMIN);
            assertThat(a.get("alerts").findValuesAsText("alert_id")).containsExactlyInAnyOrder("a-3", "a-4");
        }
    }

    @Nested
    class Exports {
        private final LocalDate marchFrom = LocalDate.of(2026, 3, 1);
        /** The default basis (netAmortized): the invoice's unblended amount and the basis's amount. */
        private static final List<String> COLUMNS = List.of(
                "tenant_id",
                "account_id",
                "day",
                "service",
                "record_type",
                "category",
                "baseline_component",
                "amount",
                "net_amortized_amount",
                "currency",
                "estimated");

        /** tenant|account|day|service → the latest row. */
        private Map<String, Cost> expectedMarch() {
            Map<String, Cost> out = new TreeMap<>();
            f.effectiveCosts().stream()
                    .filter(c -> Expect.in(c, marchFrom, TODAY))
                    .forEach(c -> out.put(c.tenant() + "|" + c.account() + "|" + c.day() + "|" + c.service(), c));
            return out;
        }

        @Test
        void csvHasDocumentedColumnsAndOneRowPerTenantAccountDayAndService() {
            TestApi.Response r = api.get("/api/v1/exports/cost?month=2026-03&format=csv", FINANCE);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("content-type")).startsWith("text/csv");
            assertThat(r.header("content-disposition")).contains("tenantscope-cost-2026-03.csv");
            assertThat(r.header("transfer-encoding")).isEqualTo("chunked"); // streamed, no Content-Length
            List<List<String>> rows = Csv.parse(r.text());
            assertThat(rows.get(0)).containsExactlyElementsOf(COLUMNS);
            Map<String, Cost> expected = expectedMarch();
            assertThat(rows).hasSize(expected.size() + 1);
            for (List<String> row : rows.subList(1, rows.size())) {
                String key = row.get(0) + "|" + row.get(1) + "|" + row.get(2) + "|" + row.get(3);
                Cost c = expected.get(key);
                assertThat(c).as(key).isNotNull();
                assertThat(new BigDecimal(row.get(7))).as(key).isEqualByComparingTo(c.amount());
                assertThat(new BigDecimal(row.get(8))).as(key).isEqualByComparingTo(c.amount());
                assertThat(row.get(4)).isEqualTo("Usage");
                assertThat(row.get(5)).isEqualTo(c.category());
                assertThat(row.get(6)).isEqualTo(c.component());
                assertThat(row.get(10)).isEqualTo(Integer.toString(c.estimated()));
            }
            assertThat(rows.stream().map(x -> x.get(0)).distinct()).contains(HOSTILE);
        }

        @Test
        void jsonLinesCarryTheSameNumbersAndEstimatedFlag() throws Exception {
            TestApi.Response r = api.get("/api/v1/exports/cost?month=2026-03&format=jsonl&tenant=acme", ADMIN);
            assertThat(r.header("content-type")).startsWith("application/x-ndjson");
            Map<String, Cost> expected = expectedMarch();
            int n = 0;
            for (String line : r.text().split("\n")) {
                JsonNode row = TestApi.JSON.readTree(line);
                assertThat(row.properties().stream().map(Map.Entry::getKey).toList())
                        .containsExactlyElementsOf(COLUMNS);
                String key = row.get("tenant_id").asText() + "|"
                        + row.get("account_id").asText() + "|" + row.get("day").asText() + "|"
                        + row.get("service").asText();
                money(row.get("amount"), expected.get(key).amount());
                assertThat(row.get("estimated").asInt())
                        .as(key)
                        .isEqualTo(expected.get(key).estimated());
                n++;
            }
            assertThat(n)
                    .isEqualTo(expected.keySet().stream()
                            .filter(k -> k.startsWith("acme|"))
                            .count());
        }

        @Test
        void parquetIsReadableByClickHouseWithTheSameTotals() {
            TestApi.Response r = api.get("/api/v1/exports/cost?from=2026-03&to=2026-03&format=parquet", FINANCE);
            assertThat(r.status()).isEqualTo(200);
            assertThat(new String(r.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("PAR1");
            api.sql.execute("DROP TABLE IF EXISTS parquet_check");
            api.sql.execute("CREATE TABLE parquet_check (tenant_id String, account_id String, day Date,"
                    + " service String, record_type String, category String, baseline_component String,"
                    + " amount Decimal(18, 6), net_amortized_amount Decimal(18, 6), currency String, estimated UInt8)"
                    + " ENGINE = MergeTree ORDER BY tuple()");
            api.sql.insert("parquet_check", COLUMNS, "Parquet", new ByteArrayInputStream(r.body()));
            Map<String, Object> back = api.sql
                    .rows(
                            "SELECT toString(count()) AS n, toString(sum(amount)) AS total,"
                                    + " toString(countIf(tenant_id = {h:String})) AS hostile FROM parquet_check",
                            Map.of("h", HOSTILE))
                    .get(0);
            Map<String, Cost> expected = expectedMarch();
            assertThat(Long.parseLong((String) back.get("n"))).isEqualTo(expected.size());
            assertThat(new BigDecimal((String) back.get("total")))
                    .isEqualByComparingTo(
                            expected.values().stream().map(Cost::amount).reduce(BigDecimal.ZERO, BigDecimal::add));
            assertThat(Long.parseLong((String) back.get("hostile"))).isPositive();
            api.sql.execute("DROP TABLE parquet_check");
        }

        @Test
        void exportsLargerThanOneEngineChunkAreStillOneWellFormedFile() {
            long rows = 30L * Fixture.BULK_SERVICES;
            BigDecimal total = Expect.sum(
                    f.effectiveCosts(),
                    c -> c.day().getYear() == 2025 && c.day().getMonthValue() == 6);
            String base = "/api/v1/exports/cost?month=2025-06&tenant=initech&format=";

            String csv = api.get(base + "csv", FINANCE).text();
            List<List<String>> parsed = Csv.parse(csv);
            assertThat(parsed).hasSize((int) rows + 1);
            assertThat(csv.split("tenant_id", -1)).hasSize(2); // exactly one header
            assertThat(parsed.subList(1, parsed.size()).stream()
                            .map(r -> new BigDecimal(r.get(7)))
                            .reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualByComparingTo(total);

            assertThat(api.get(base + "jsonl", FINANCE).text().lines().count()).isEqualTo(rows);

            byte[] parquet = api.get(base + "parquet", FINANCE).body();
            String raw = new String(parquet, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(raw.split("PAR1", -1))
                    .as("one Parquet file: magic at start and end only")
                    .hasSize(3);
            api.sql.execute("DROP TABLE IF EXISTS parquet_bulk");
            api.sql.execute("CREATE TABLE parquet_bulk (tenant_id String, account_id String, day Date,"
                    + " service String, record_type String, category String, baseline_component String,"
                    + " amount Decimal(18, 6), net_amortized_amount Decimal(18, 6), currency String, estimated UInt8)"
                    + " ENGINE = MergeTree ORDER BY tuple()");
            api.sql.insert("parquet_bulk", COLUMNS, "Parquet", new ByteArrayInputStream(parquet));
            Map<String, Object> back = api.sql
                    .rows("SELECT toString(count()) AS n, toString(sum(amount)) AS total FROM parquet_bulk")
                    .get(0);
            assertThat(Long.parseLong((String) back.get("n"))).isEqualTo(rows);
            assertThat(new BigDecimal((String) back.get("total"))).isEqualByComparingTo(total);
            api.sql.execute("DROP TABLE parquet_bulk");
        }

        @Test
        void frozenMonthExportShowsTheFrozenVersionAndTheRestatementDiffExplainsTheChange() {
            List<List<String>> frozen = Csv.parse(api.get("/api/v1/exports/cost?month=2026-02&version=frozen", FINANCE)
                    .text());
            assertThat(frozen.get(0))
                    .containsExactly(
                            "tenant_id",
                            "account_id",
                            "month",
                            "frozen_version",
                            "frozen_at",
                            "day",
                            "service",
                            "record_type",
                            "category",
                            "baseline_component",
                            "amount",
                            "net_amortized_amount",
                            "currency",
                            "estimated");
            BigDecimal frozenTotal = frozen.subList(1, frozen.size()).stream()
                    .map(x -> new BigDecimal(x.get(10)))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal expectedFrozen = f.frozenFeb.stream().map(Cost::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(frozen).hasSize(f.frozenFeb.size() + 1);
            assertThat(frozenTotal).isEqualByComparingTo(expectedFrozen);
            assertThat(frozen.subList(1, frozen.size()))
                    .allSatisfy(x -> assertThat(x.get(3)).isEqualTo("1"));

            List<List<String>> diff = Csv.parse(api.get("/api/v1/exports/restatements?month=2026-02", FINANCE)
                    .text());
            assertThat(diff.get(0))
                    .containsExactly(
                            "tenant_id",
                            "account_id",
                            "month",
                            "day",
                            "service",
                            "record_type",
                            "category",
                            "frozen_version",
                            "frozen_amount",
                            "current_amount",
                            "delta",
                            "frozen_net_amortized_amount",
                            "current_net_amortized_amount",
                            "currency",
                            "detected_at");
            assertThat(diff).hasSize(2);
            assertThat(new BigDecimal(diff.get(1).get(10))).isEqualByComparingTo("7.5");
            // frozen + delta = the current (restated) figure
            BigDecimal currentFeb = Expect.sum(
                    f.effectiveCosts(),
                    c -> (c.tenant().equals(ACME) || c.tenant().equals(GLOBEX))
                            && c.day().getMonthValue() == 2);
            assertThat(frozenTotal.add(new BigDecimal(diff.get(1).get(10)))).isEqualByComparingTo(currentFeb);

            JsonNode months =
                    ok("/api/v1/exports/months", FINANCE).get("months").get(0);
            assertThat(months.get("month").asText()).isEqualTo("2026-02-01");
            assertThat(months.get("frozen_version").asInt()).isEqualTo(1);
            money(months.get("frozen_total"), expectedFrozen);
            money(months.get("restatement_delta"), new BigDecimal("7.5"));
        }
    }

    @Nested
    class Operations {
        @Test
        void healthAndReadinessNeedNoToken() {
            assertThat(api.get("/healthz", null).json().get("status").asText()).isEqualTo("ok");
            JsonNode ready = api.get("/readyz", null).json();
            assertThat(ready.get("status").asText()).isEqualTo("ready");
            assertThat(ready.get("engine").asText()).startsWith("chdb");
        }

        @Test
        void metricsExposeServiceMetricsAndBoundedPerTenantGauges() {
            api.get("/api/v1/tenants", ADMIN);
            String m = api.get("/metrics", ADMIN).text();
            assertThat(m).contains("tenantscope_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/tenants\"");
            // top 2 tenants by cost keep their series, the other two are summed into "(other)"
            List<String> byCost = Fixture.TENANTS.stream()
                    .sorted((x, y) -> Expect.mtd(f, y).compareTo(Expect.mtd(f, x)))
                    .toList();
            List<String> costLines = m.lines()
                    .filter(l -> l.startsWith("tenantscope_tenant_cost_month_to_date{"))
                    .toList();
            assertThat(costLines).hasSize(3);
            BigDecimal other = Expect.mtd(f, byCost.get(2)).add(Expect.mtd(f, byCost.get(3)));
            assertThat(
                            gauge(
                                    m,
                                    "tenantscope_tenant_cost_month_to_date{currency=\"USD\",group=\"other\",tenant=\"(other)\"}"))
                    .isCloseTo(other.doubleValue(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(gauge(
                            m,
                            "tenantscope_tenant_cost_month_to_date{currency=\"USD\",group=\"top\",tenant=\""
                                    + byCost.get(0) + "\"}"))
                    .isCloseTo(Expect.mtd(f, byCost.get(0)).doubleValue(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(gauge(m, "tenantscope_tenant_noisy_score{group=\"top\",tenant=\"acme\"}"))
                    .isEqualTo(99.5);
            assertThat(gauge(m, "tenantscope_tenant_quota_utilisation_max{group=\"top\",tenant=\"acme\"}"))
                    .isEqualTo(0.92);
        }

        @Test
        void metricsExposeOpenAlertsPerTenantAccountKindAndTrigger() {
            String m = api.get("/metrics", ADMIN).text();
            assertThat(m).contains("# HELP tenantscope_alerts_open ", "# TYPE tenantscope_alerts_open gauge");
            assertThat(gauge(
                            m,
                            "tenantscope_alerts_open{account=\"111111111111\",group=\"top\",kind=\"noisy\","
                                    + "severity=\"critical\",tenant=\"acme\",trigger=\"deviation\"}"))
                    .isEqualTo(1);
            assertThat(gauge(
                            m,
                            "tenantscope_alerts_open{account=\"111111111111\",group=\"top\",kind=\"quota\","
                                    + "severity=\"warn\",tenant=\"acme\",trigger=\"utilisation\"}"))
                    .isEqualTo(1);
            assertThat(gauge(
                            m,
                            "tenantscope_alerts_open{account=\"111111111111\",group=\"top\",kind=\"cost\","
                                    + "severity=\"warn\",tenant=\"acme\",trigger=\"anomaly\"}"))
                    .isEqualTo(1);
            // the five open alerts of the fixture, and none of the two closed ones
            assertThat(m.lines().filter(l -> l.startsWith("tenantscope_alerts_open{")))
                    .hasSize(5)
                    .noneMatch(l -> l.contains("globex") || l.contains("initech"));
        }

        @Test
        void metricsExposeUnobservableAndStaleAccounts() {
            String m = api.get("/metrics", ADMIN).text();
            assertThat(gauge(
                            m,
                            "tenantscope_accounts_attention{account=\"111111111112\",condition=\"unobservable\","
                                    + "group=\"top\",reason=\"AccessDenied: role deleted\",tenant=\"acme\"}"))
                    .isEqualTo(1);
            // top 2 per condition: the fixture's three unobservable accounts leave one in "(other)"
            List<String> unobservable = m.lines()
                    .filter(l -> l.startsWith("tenantscope_accounts_attention{") && l.contains("unobservable"))
                    .toList();
            long listed = f.accountRows.stream()
                    .filter(a -> a.observability().equals("UNOBSERVABLE"))
                    .count();
            assertThat(unobservable.stream()
                            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                            .sum())
                    .isEqualTo(listed);
            assertThat(m).contains("tenantscope_accounts_attention{account=\"111111111112\",condition=\"stale\"");
        }

        private double gauge(String exposition, String series) {
            return exposition
                    .lines()
                    .filter(l -> l.startsWith(series + " "))
                    .map(l ->
                            Double.parseDouble(l.substring(series.length() + 1).trim()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no series " + series + " in\n"
                            + exposition
                                    .lines()
                                    .filter(l -> l.startsWith("tenantscope_tenant"))
                                    .toList()));
        }

        @Test
        void overviewPageAndOpenApiAreServedWithoutToken() {
            assertThat(api.get("/", null).text()).contains("<title>tenantscope overview</title>");
            assertThat(api.get("/overview.js", null).status()).isEqualTo(200);
            assertThat(api.get("/openapi.yaml", null).text()).startsWith("openapi: 3");
        }
    }
}
