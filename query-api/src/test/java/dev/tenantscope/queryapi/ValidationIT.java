package dev.tenantscope.queryapi;

import static dev.tenantscope.queryapi.TestApi.ADMIN;
import static dev.tenantscope.queryapi.TestApi.FINANCE;
import static dev.tenantscope.queryapi.TestApi.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input answers 4xx JSON naming the parameter; hostile strings are data; tokens and roles gate access. */
class ValidationIT {
    private final TestApi api = TestApi.get();

    private JsonNode error(String path, String token, int status) {
        TestApi.Response r = api.get(path, token);
        assertThat(r.status()).as(path + " → " + r.text()).isEqualTo(status);
        assertThat(r.header("content-type")).startsWith("application/json");
        return r.json().get("error");
    }

    @Nested
    class Parameters {
        @ParameterizedTest(name = "{0} names {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "/api/v1/tenants/acme/cost?from=2026-13-01|from",
                    "/api/v1/tenants/acme/cost?to=yesterday|to",
                    "/api/v1/tenants/acme/cost?from=2026-03-10&to=2026-03-01|from",
                    "/api/v1/tenants/acme/cost?from=2020-01-01&to=2026-03-01|to",
                    "/api/v1/tenants/acme/cost?granularity=week|granularity",
                    "/api/v1/tenants/acme/cost?by=account|by",
                    "/api/v1/tenants/acme/cost?color=red|color",
                    "/api/v1/tenants/acme/cost?from=2026-01-01&from=2026-02-01|from",
                    "/api/v1/tenants?limit=0|limit",
                    "/api/v1/tenants?limit=1000000|limit",
                    "/api/v1/tenants?limit=ten|limit",
                    "/api/v1/tenants?sort=random|sort",
                    "/api/v1/tenants?asOf=2026-02-30|asOf",
                    "/api/v1/cost/baseline?from=2026-03-05&to=2026-03-01|from",
                    "/api/v1/cost/baseline?top=101|top",
                    "/api/v1/alerts?state=snoozed|state",
                    "/api/v1/alerts?kind=anomaly|kind",
                    "/api/v1/alerts?since=0|since",
                    "/api/v1/exports/cost?month=2026-3|month",
                    "/api/v1/exports/cost?month=2026-03&format=xlsx|format",
                    "/api/v1/exports/cost|month",
                    "/api/v1/exports/cost?from=2026-01|to",
                    "/api/v1/exports/cost?month=2026-03&from=2026-01|month",
                    "/api/v1/exports/cost?from=2026-03&to=2026-01|from",
                    "/api/v1/exports/cost?from=2024-01&to=2026-01|to",
                    "/api/v1/exports/cost?month=2026-03&version=draft|version",
                    "/api/v1/exports/restatements?month=2026-02&format=parquet2|format",
                    "/api/v1/fleet/health?limit=-1|limit",
                })
        void badValueAnswers400NamingTheParameter(String path, String parameter) {
            JsonNode e = error(path, ADMIN, 400);
            assertThat(e.get("code").asText()).isEqualTo("invalid_parameter");
            assertThat(e.get("parameter").asText()).isEqualTo(parameter);
            assertThat(e.get("message").asText()).startsWith(parameter + ":");
        }

        @Test
        void unknownTenantAnswers404() {
            JsonNode e = error("/api/v1/tenants/nobody/cost", ADMIN, 404);
            assertThat(e.get("parameter").asText()).isEqualTo("tenantId");
            assertThat(error("/api/v1/exports/cost?month=2026-03&tenant=nobody", FINANCE, 404)
                            .get("parameter")
                            .asText())
                    .isEqualTo("tenant");
        }

        @Test
        void tenKilobyteValueIsRejectedByLength() {
            String big = "x".repeat(10_240);
            assertThat(error("/api/v1/alerts?tenant=" + big, ADMIN, 400)
                            .get("parameter")
                            .asText())
                    .isEqualTo("tenant");
            assertThat(error("/api/v1/tenants/" + big, ADMIN, 400)
                            .get("parameter")
                            .asText())
                    .isEqualTo("tenantId");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "' OR 1=1 --",
                    "acme' OR tenant_id != '",
                    "{scope:String}",
                    "acme\u0000",
                    "\u202eemca",
                    "a\"b\\c",
                    "%",
                    "🙂🙂",
                    "acme); DROP TABLE cost_daily; --"
                })
        void hostileStringsAreDataNeverCode(String hostile) {
            JsonNode e = error("/api/v1/exports/cost?month=2026-03&tenant=" + enc(hostile), ADMIN, 404);
            assertThat(e.get("code").asText()).isEqualTo("not_found");
            error("/api/v1/tenants/" + enc(hostile), ADMIN, 404);
            error("/api/v1/alerts?tenant=" + enc(hostile), ADMIN, 404);
            // the data is still there and intact
            assertThat(api.get("/api/v1/tenants", ADMIN).json().get("total").asInt())
                    .isEqualTo(4);
        }
    }

    @Nested
    class Access {
        @Test
        void missingOrUnknownTokenAnswers401() {
            JsonNode e = error("/api/v1/tenants", null, 401);
            assertThat(e.get("parameter").asText()).isEqualTo("Authorization");
            error("/api/v1/tenants", "not-a-token", 401);
            assertThat(api.get("/api/v1/tenants", null).header("www-authenticate"))
                    .isEqualTo("Bearer");
        }

        @Test
        void financeSeesCostButNotOperations() {
            assertThat(api.get("/api/v1/exports/cost?month=2026-03", FINANCE).status())
                    .isEqualTo(200);
            assertThat(api.get("/api/v1/cost/baseline", FINANCE).status()).isEqualTo(200);
            assertThat(error("/api/v1/fleet/health", FINANCE, 403).get("code").asText())
                    .isEqualTo("forbidden");
            error("/api/v1/alerts", FINANCE, 403);
            error("/metrics", FINANCE, 403);
        }

        @Test
        void unknownRouteAnd405AreJson() {
            assertThat(error("/api/v1/nothing", ADMIN, 404).get("code").asText())
                    .isEqualTo("not_found");
            assertThat(error("/api/v2/tenants", ADMIN, 404).get("code").asText())
                    .isEqualTo("not_found");
        }
    }
}
