package dev.tenantscope.queryapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tenantscope.config.ConfigException;
import dev.tenantscope.config.ConfigTree;
import dev.tenantscope.config.Environment;
import dev.tenantscope.config.SharedConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QueryApiConfigTest {
    static final Environment NO_ENV = Environment.of(Map.of());

    static QueryApiConfig bind(ConfigTree t) {
        QueryApiConfig c = QueryApiConfig.bind(t.root().section("queryApi", ""), SharedConfig.bind(t.root()));
        t.requireValid();
        return c;
    }

    static QueryApiConfig load(String fixture) {
        return bind(ConfigTree.read(Path.of("src/test/resources/config", fixture), NO_ENV));
    }

    @Nested
    class Valid {
        @Test
        void readsEveryKeyOverTheDefaults() {
            QueryApiConfig c = load("queryapi.ok.yaml");
            assertThat(c.tokens())
                    .extracting(ApiToken::name, ApiToken::role, ApiToken::tenantId)
                    .containsExactly(
                            tuple("ops", Role.ADMIN, null),
                            tuple("finance-team", Role.FINANCE, null),
                            tuple("acme-grafana", Role.TENANT, "acme"));
            assertThat(c.tokens().get(0).sha256()).isEqualTo(ApiToken.sha256Hex("test"));
            assertThat(c.port()).isEqualTo(9090);
            assertThat(c.newAccountDays()).isEqualTo(3);
            assertThat(c.recentAlertDays()).isEqualTo(14);
            assertThat(c.maxRangeDays()).isEqualTo(500);
            assertThat(c.maxExportMonths()).isEqualTo(3);
            assertThat(c.maxPageSize()).isEqualTo(200);
            assertThat(c.tenantGaugeTopN()).isEqualTo(50);
            assertThat(c.gaugeRefresh()).isEqualTo(Duration.ofSeconds(30));
            assertThat(c.fleetHealthCacheTtl()).as("0s: no cache").isZero();
        }

        @Test
        void stalenessAndQuotaThresholdsComeFromTheSharedAlertsSection() {
            QueryApiConfig c = load("queryapi.ok.yaml");
            assertThat(c.staleAfter()).isEqualTo(Duration.ofMinutes(10));
            assertThat(c.quotaThreshold()).isEqualTo(0.9);
            assertThat(c.forecastHorizon()).isEqualTo(Duration.ofDays(7));
        }

        @Test
        void defaultsRunWithoutTokensAndShareTheStreamsHorizon() {
            QueryApiConfig d = QueryApiConfig.defaults();
            assertThat(d.tokens()).isEmpty();
            assertThat(d.port()).isEqualTo(8080);
            assertThat(d.staleAfter()).isEqualTo(Duration.ofMinutes(15));
            assertThat(d.quotaThreshold()).isEqualTo(0.8);
            assertThat(d.forecastHorizon()).isEqualTo(Duration.ofDays(7));
        }
    }

    @Nested
    class Invalid {
        @Test
        void reportsEveryBadKeyAtOnceWithTheExpectedForm() {
            assertThatThrownBy(() -> load("queryapi.bad.yaml"))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).messages())
                            .containsExactlyInAnyOrder(
                                    "queryApi.staleAfter: moved to alerts.staleAfter (one home for every role); set"
                                            + " it there",
                                    "queryApi.quotaThreshold: moved to alerts.quota.warnAt (one home for every role);"
                                            + " set it there",
                                    "queryApi.tokens[0]: token 'ops' sha256: expected 64 lower-case hex digits"
                                            + " (SHA-256 of the token)",
                                    "queryApi.tokens[1]: token 'acme' tenant: a TENANT token needs its tenant id",
                                    "queryApi.tokens[2].role: expected one of [admin, finance, tenant], got"
                                            + " 'superuser'",
                                    "queryApi.tokens[3].sha256: expected a hash no other token has (each token must"
                                            + " be unique), got"
                                            + " '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938…'",
                                    "queryApi.newAccountDays: expected a whole number in [1, 3650], got 'seven'",
                                    "queryApi.gaugeRefresh: expected a duration with a unit, such as 15s or 15m (a"
                                            + " bare number has none), got '15'",
                                    "queryApi.port: expected a whole number in [0, 65535], got '99999'",
                                    "queryApi.quotaThresold: unknown key (check the spelling); expected one of [tokens,"
                                            + " newAccountDays, recentAlertDays, maxRangeDays, maxExportMonths,"
                                            + " maxPageSize, tenantGaugeTopN, gaugeRefresh, fleetHealthCacheTtl,"
                                            + " port]"));
        }

        @Test
        void duplicateTokensAreRejected() {
            ApiToken a = ApiToken.ofPlain("a", "same", Role.ADMIN, null);
            ApiToken b = ApiToken.ofPlain("b", "same", Role.FINANCE, null);
            assertThatThrownBy(() -> QueryApiConfig.defaults().withTokens(List.of(a, b)))
                    .hasMessageContaining("tokens: two tokens have the same sha256");
        }

        @Test
        void onlyTenantTokensCarryATenant() {
            assertThatThrownBy(() -> ApiToken.ofPlain("x", "t", Role.ADMIN, "acme"))
                    .hasMessageContaining("only TENANT tokens are scoped to a tenant");
        }
    }
}
