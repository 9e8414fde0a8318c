package dev.tenantscope.queryapi;

import static dev.tenantscope.queryapi.TestApi.FINANCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code basis=} on the cost API and the exports: the default is netAmortized, unblended matches the invoice, an
 * unknown basis is a 400 naming the accepted ones; credits, refunds, tax, commitment and support fees are their
 * own columns. Rows of January 2024 (a month no other IT reads) for globex, with bases that differ.
 */
class CostBasisIT {
    private static final TestApi API = TestApi.get();
    private static final String TENANT = Fixture.GLOBEX;
    private static final String COST = "/api/v1/tenants/" + TENANT + "/cost?from=2024-01-01&to=2024-01-31";

    @BeforeAll
    static void rows() {
        synchronized (CostBasisIT.class) {
            if (!API.sql
                    .rows("SELECT 1 FROM cost_daily WHERE day = '2024-01-10' LIMIT 1")
                    .isEmpty()) {
                return;
            }
            // record type, category, unblended, netUnblended, amortized, netAmortized, blended
            String[][] rows = {
                {"SavingsPlanCoveredUsage", "workload", "10", "10", "4", "4", "10"},
                {"SavingsPlanNegation", "workload", "-10", "-10", "0", "0", "-10"},
                {"Usage", "baseline", "2", "2", "2", "2", "2"},
                {"Credit", "credit", "-1.5", "-1.5", "-1.5", "-1.5", "-1.5"},
                {"Refund", "refund", "-0.5", "-0.5", "-0.5", "-0.5", "-0.5"},
                {"Tax", "tax", "0.9", "0.9", "0.9", "0.9", "0.9"},
                {"SavingsPlanRecurringFee", "commitment_fee", "6", "6", "0", "0", "6"},
                {"Support fee", "support", "3", "3", "3", "2.7", "3"},
            };
            StringBuilder json = new StringBuilder();
            for (String[] r : rows) {
                json.append(String.format(
                        "{\"tenant_id\":\"%s\",\"account_id\":\"222222222201\",\"day\":\"2024-01-10\",\"service\":\"svc-%s\","
                                + "\"record_type\":\"%s\",\"category\":\"%s\",\"baseline_component\":\"\",\"amount\":%s,"
                                + "\"net_unblended_amount\":%s,\"amortized_amount\":%s,\"net_amortized_amount\":%s,"
                                + "\"blended_amount\":%s,\"currency\":\"USD\",\"estimated\":0,\"version\":1}\n",
                        TENANT, r[0], r[0], r[1], r[2], r[3], r[4], r[5], r[6]));
            }
            API.sql.insert(
                    "cost_daily",
                    dev.tenantscope.clickhouse.schema.Tables.COST_DAILY.columnNames(),
                    "JSONEachRow",
                    new ByteArrayInputStream(json.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static JsonNode total(String query) {
        TestApi.Response r = API.get(COST + query, FINANCE);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("totals").get(0);
    }

    @Nested
    class TenantCost {
        @Test
        void theDefaultBasisIsNetAmortizedAndEveryCategoryHasItsColumn() {
            TestApi.Response r = API.get(COST, FINANCE);
            assertThat(r.json().get("basis").asText()).isEqualTo("netAmortized");
            JsonNode t = r.json().get("totals").get(0);
            assertThat(t.get("workload").decimalValue()).isEqualByComparingTo("4");
            assertThat(t.get("baseline").decimalValue()).isEqualByComparingTo("2");
            assertThat(t.get("credit").decimalValue()).isEqualByComparingTo("-1.5");
            assertThat(t.get("refund").decimalValue()).isEqualByComparingTo("-0.5");
            assertThat(t.get("tax").decimalValue()).isEqualByComparingTo("0.9");
            assertThat(t.get("commitmentFee").decimalValue()).isEqualByComparingTo("0");
            assertThat(t.get("support").decimalValue()).isEqualByComparingTo("2.7");
            assertThat(t.get("total").decimalValue()).isEqualByComparingTo("7.6");
        }

        @Test
        void unblendedMatchesTheInvoiceLineByLine() {
            JsonNode t = total("&basis=unblended");
            // covered usage and its negation cancel; the commitment fee is on the invoice
            assertThat(t.get("workload").decimalValue()).isEqualByComparingTo("0");
            assertThat(t.get("commitmentFee").decimalValue()).isEqualByComparingTo("6");
            assertThat(t.get("total").decimalValue()).isEqualByComparingTo("9.9");
        }

        @Test
        void anUnknownBasisIsA400NamingTheAcceptedOnes() {
            TestApi.Response r = API.get(COST + "&basis=list", FINANCE);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text())
                    .contains("basis")
                    .contains("unblended, netUnblended, amortized, netAmortized, blended")
                    .contains("'list'");
        }
    }

    @Nested
    class Summaries {
        private BigDecimal cost(String path) {
            TestApi.Response r = API.get(path, FINANCE);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            JsonNode rows =
                    r.json().has("tenants") ? r.json().get("tenants") : r.json().get("summary");
            for (JsonNode row : rows) {
                if (row.get("tenant_id").asText().equals(TENANT)) {
                    return row.get("cost").decimalValue();
                }
            }
            throw new AssertionError("no row for " + TENANT + " in " + r.text());
        }

        @Test
        void theTenantListAndDetailTakeTheBasisToo() {
            assertThat(cost("/api/v1/tenants?asOf=2024-01-31&sort=tenant&limit=1000"))
                    .isEqualByComparingTo("7.6");
            assertThat(cost("/api/v1/tenants?asOf=2024-01-31&sort=tenant&limit=1000&basis=unblended"))
                    .isEqualByComparingTo("9.9");
            assertThat(cost("/api/v1/tenants/" + TENANT + "?asOf=2024-01-31&basis=unblended"))
                    .isEqualByComparingTo("9.9");
            assertThat(API.get("/api/v1/cost/baseline?from=2024-01-01&to=2024-01-31&basis=amortised", FINANCE)
                            .status())
                    .isEqualTo(400);
        }
    }

    @Nested
    class Exports {
        @Test
        void theCostExportShowsRecordTypeCategoryTheInvoiceAmountAndTheAskedBasis() {
            TestApi.Response r = API.get(
                    "/api/v1/exports/cost?month=2024-01&tenant=" + TENANT + "&basis=amortized&format=csv", FINANCE);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            List<List<String>> csv = Csv.parse(r.text());
            List<String> header = csv.getFirst();
            assertThat(header)
                    .contains("record_type", "category", "amount", "amortized_amount")
                    .doesNotContain("net_amortized_amount", "net_unblended_amount", "blended_amount");
            int type = header.indexOf("record_type");
            int amortized = header.indexOf("amortized_amount");
            List<String> fee = csv.stream()
                    .filter(l -> l.get(type).equals("SavingsPlanRecurringFee"))
                    .findFirst()
                    .orElseThrow();
            assertThat(fee.get(header.indexOf("category"))).isEqualTo("commitment_fee");
            assertThat(fee.get(header.indexOf("amount"))).isEqualTo("6");
            assertThat(fee.get(amortized)).isEqualTo("0");
            assertThat(r.header("content-disposition")).contains("-amortized.csv");
        }

        @Test
        void anUnknownBasisOnAnExportIsA400() {
            assertThat(API.get("/api/v1/exports/cost?month=2024-01&basis=nope", FINANCE)
                            .status())
                    .isEqualTo(400);
        }
    }
}
