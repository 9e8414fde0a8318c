package dev.tenantscope.queryapi;

import static dev.tenantscope.queryapi.TestApi.FINANCE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code format=focus} and {@code format=focus-parquet}: every column FOCUS 1.2 makes mandatory in the Cost and Usage
 * dataset is present with its FOCUS data type and nullability (read back from the Parquet file's own schema by the
 * engine), and the costs follow the bases. The expected list is written from the FOCUS 1.2 specification's column
 * pages (Feature level Mandatory; Data type; Allows nulls), not from the exporter.
 */
class FocusExportIT {
    private static final TestApi API = TestApi.get();
    private static final String EXPORT = "/api/v1/exports/cost?month=2024-01&tenant=" + Fixture.GLOBEX;

    /** FOCUS 1.2 mandatory columns → [data type, allows nulls]. */
    private static final Map<String, List<Object>> MANDATORY = mandatory();

    private static Map<String, List<Object>> mandatory() {
        Map<String, List<Object>> m = new LinkedHashMap<>();
        m.put("BilledCost", List.of("Decimal", false));
        m.put("BillingAccountId", List.of("String", false));
        m.put("BillingAccountName", List.of("String", true));
        m.put("BillingCurrency", List.of("String", false));
        m.put("BillingPeriodEnd", List.of("DateTime", false));
        m.put("BillingPeriodStart", List.of("DateTime", false));
        m.put("ChargeCategory", List.of("String", false));
        m.put("ChargeClass", List.of("String", true));
        m.put("ChargeDescription", List.of("String", true));
        m.put("ChargePeriodEnd", List.of("DateTime", false));
        m.put("ChargePeriodStart", List.of("DateTime", false));
        m.put("ContractedCost", List.of("Decimal", false));
        m.put("EffectiveCost", List.of("Decimal", false));
        m.put("InvoiceIssuerName", List.of("String", false));
        m.put("ListCost", List.of("Decimal", false));
        m.put("PricingQuantity", List.of("Decimal", true));
        m.put("PricingUnit", List.of("String", true));
        m.put("ProviderName", List.of("String", false));
        m.put("PublisherName", List.of("String", false));
        m.put("ServiceCategory", List.of("String", false));
        m.put("ServiceName", List.of("String", false));
        return m;
    }

    @BeforeAll
    static void rows() {
        CostBasisIT.rows(); // the January 2024 rows with differing bases
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMandatoryFocusColumnIsPresentWithItsTypeAndNullability() throws IOException {
        TestApi.Response r = API.get(EXPORT + "&format=focus-parquet", FINANCE);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        Path file = Files.createTempFile("focus-", ".parquet");
        try {
            Files.write(file, r.body());
            Map<String, String> schema = new LinkedHashMap<>();
            for (Map<String, Object> c :
                    API.sql.rows("DESCRIBE TABLE file({f:String}, 'Parquet')", Map.of("f", file.toString()))) {
                schema.put((String) c.get("name"), (String) c.get("type"));
            }
            MANDATORY.forEach((name, spec) -> {
                assertThat(schema).as("FOCUS column %s", name).containsKey(name);
                String type = schema.get(name);
                boolean nullable = type.startsWith("Nullable(");
                String base = nullable ? type.substring("Nullable(".length(), type.length() - 1) : type;
                assertThat(focusType(base)).as("%s: %s", name, type).isEqualTo(spec.get(0));
                assertThat(nullable).as("%s allows nulls (%s)", name, type).isEqualTo(spec.get(1));
            });
            assertThat(schema.keySet().stream().filter(n -> !MANDATORY.containsKey(n)))
                    .as("every other column is conditional/recommended FOCUS or an x_ extension")
                    .allSatisfy(n -> assertThat(n).matches("x_[A-Za-z]+|ChargeFrequency|SubAccountId|SubAccountName"));
            List<Map<String, Object>> back = API.sql.rows(
                    "SELECT toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective,"
                            + " toString(sum(x_BasisCost)) AS basis, any(x_Basis) AS b,"
                            + " groupUniqArray(ChargeCategory) AS cats FROM file({f:String}, 'Parquet')",
                    Map.of("f", file.toString()));
            assertThat(new BigDecimal((String) back.getFirst().get("billed"))).isEqualByComparingTo("9.9");
            assertThat(new BigDecimal((String) back.getFirst().get("effective")))
                    .isEqualByComparingTo("7.6");
            assertThat(new BigDecimal((String) back.getFirst().get("basis"))).isEqualByComparingTo("7.6");
            assertThat(back.getFirst().get("b")).isEqualTo("netAmortized");
            assertThat((List<Object>) back.getFirst().get("cats"))
                    .containsExactlyInAnyOrder("Usage", "Credit", "Tax", "Purchase");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void theFocusCsvHasTheSameColumnsAndARefundIsACorrection() {
        TestApi.Response r = API.get(EXPORT + "&format=focus&basis=unblended", FINANCE);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<List<String>> csv = Csv.parse(r.text());
        List<String> header = csv.getFirst();
        assertThat(header).containsAll(MANDATORY.keySet()).contains("x_TenantId", "x_BaselineComponent", "x_Basis");
        List<String> refund = csv.stream()
                .filter(l -> l.get(header.indexOf("x_RecordType")).equals("Refund"))
                .findFirst()
                .orElseThrow();
        assertThat(refund.get(header.indexOf("ChargeClass"))).isEqualTo("Correction");
        assertThat(refund.get(header.indexOf("ChargeCategory"))).isEqualTo("Usage");
        assertThat(refund.get(header.indexOf("x_Basis"))).isEqualTo("unblended");
        assertThat(refund.get(header.indexOf("x_TenantId"))).isEqualTo(Fixture.GLOBEX);
    }

    @Test
    void aFocusRestatementsExportIsA400() {
        assertThat(API.get("/api/v1/exports/restatements?month=2024-01&format=focus", FINANCE)
                        .status())
                .isEqualTo(400);
    }

    /** The FOCUS data type a ClickHouse type (as the engine reads it from Parquet) stands for. */
    private static String focusType(String clickHouse) {
        if (clickHouse.startsWith("Decimal")) {
            return "Decimal";
        }
        if (clickHouse.startsWith("DateTime")) {
            return "DateTime";
        }
        return clickHouse.equals("String") ? "String" : clickHouse;
    }
}
