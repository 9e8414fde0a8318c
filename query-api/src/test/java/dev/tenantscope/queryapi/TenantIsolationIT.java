package dev.tenantscope.queryapi;

import static dev.tenantscope.queryapi.TestApi.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every tenant token × every other tenant × every endpoint: another tenant's data answers exactly the 404
 * an unknown tenant gets, and no list, export, alert or metric carries another tenant's ids.
 */
class TenantIsolationIT {
    private static final String UNKNOWN = "no-such-tenant";
    private final TestApi api = TestApi.get();

    /** Routes addressing one tenant; %s is the URL-encoded tenant id. */
    static final List<String> ADDRESSED = List.of(
            "/api/v1/tenants/%s",
            "/api/v1/tenants/%s/cost",
            "/api/v1/tenants/%s/cost?from=2026-01-01&to=2026-03-15&granularity=month&by=service",
            "/api/v1/alerts?tenant=%s",
            "/api/v1/exports/cost?month=2026-03&tenant=%s",
            "/api/v1/exports/cost?month=2026-02&version=frozen&format=jsonl&tenant=%s",
            "/api/v1/exports/restatements?month=2026-02&tenant=%s",
            "/api/v1/exports/months?tenant=%s");

    /** Fleet-wide routes a tenant token may call: scoped to its own tenant. */
    static final List<String> LISTS = List.of(
            "/api/v1/fleet/health",
            "/api/v1/tenants?limit=1000",
            "/api/v1/cost/baseline?from=2026-01-01&to=2026-03-15&top=100",
            "/api/v1/alerts?state=all&since=2020-01-01&limit=1000",
            "/api/v1/exports/cost?month=2026-03&format=csv",
            "/api/v1/exports/cost?month=2026-03&format=jsonl",
            "/api/v1/exports/cost?month=2026-02&version=frozen",
            "/api/v1/exports/restatements?from=2026-01&to=2026-03&format=jsonl",
            "/api/v1/exports/months");

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (String me : Fixture.TENANTS) {
            for (String other : Fixture.TENANTS) {
                if (!me.equals(other)) {
                    out.add(Arguments.of(me, other));
                }
            }
        }
        return out.stream();
    }

    static Stream<String> tenants() {
        return Fixture.TENANTS.stream();
    }

    @ParameterizedTest(name = "{0} asks about {1}")
    @MethodSource("pairs")
    void anotherTenantsDataAnswersTheSame404AsAnUnknownTenant(String me, String other) {
        String token = TestApi.TENANT_TOKENS.get(me);
        for (String route : ADDRESSED) {
            TestApi.Response theirs = api.get(route.formatted(enc(other)), token);
            TestApi.Response unknown = api.get(route.formatted(enc(UNKNOWN)), token);
            assertThat(theirs.status()).as(route + " for " + other).isEqualTo(404);
            assertThat(theirs.text()).as(route).isEqualTo(unknown.text());
            // and the same route works for its own tenant
            assertThat(api.get(route.formatted(enc(me)), token).status())
                    .as(route + " for itself")
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void listsExportsAndAlertsCarryOnlyTheCallersTenant(String me) {
        String token = TestApi.TENANT_TOKENS.get(me);
        Fixture f = api.fixture;
        for (String route : LISTS) {
            TestApi.Response r = api.get(route, token);
            assertThat(r.status()).as(route).isEqualTo(200);
            String body = r.text();
            for (Fixture.Account a : f.accounts()) {
                if (!a.tenant().equals(me)) {
                    assertThat(body).as(route + " must not show " + a.id()).doesNotContain(a.id());
                }
            }
            for (String other : Fixture.TENANTS) {
                if (!other.equals(me) && !me.contains(other)) {
                    assertThat(body).as(route + " must not name " + other).doesNotContain(other);
                    assertThat(body)
                            .doesNotContain(TestApi.JSON.valueToTree(other).toString());
                }
            }
        }
        JsonNode tenants = api.get("/api/v1/tenants", token).json();
        assertThat(tenants.get("tenants").findValuesAsText("tenant_id")).containsExactly(me);
        assertThat(tenants.get("total").asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void cachedFleetHealthIsNeverSharedAcrossScopes(String me) {
        // the admin's fleet-wide answer is cached for seconds; a tenant asking right after gets its own
        JsonNode all = api.get("/api/v1/fleet/health?limit=7", TestApi.ADMIN).json();
        assertThat(all.at("/accounts/total").asInt())
                .isEqualTo(api.fixture.accounts().size());
        JsonNode mine = api.get("/api/v1/fleet/health?limit=7", TestApi.TENANT_TOKENS.get(me))
                .json();
        assertThat(mine.at("/accounts/total").asLong())
                .isEqualTo(api.fixture.accounts().stream()
                        .filter(a -> a.tenant().equals(me))
                        .count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void metricsAreForbiddenToTenantTokens(String me) {
        TestApi.Response r = api.get("/metrics", TestApi.TENANT_TOKENS.get(me));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).doesNotContain("tenantscope_tenant");
    }
}
