package dev.tenantscope.queryapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.queryapi.ApiToken;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.Role;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ConfigReaderTest.class.getResource("/config/" + name).toURI());
    }

    @Test
    void readsEveryKeyOverTheDefaults() throws Exception {
        QueryApiConfig c = QueryApiConfig.fromYaml(fixture("full.ok.yaml"));
        assertThat(c.tokens())
                .extracting(ApiToken::name, ApiToken::role, ApiToken::tenantId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ops", Role.ADMIN, null),
                        org.assertj.core.groups.Tuple.tuple("finance-team", Role.FINANCE, null),
                        org.assertj.core.groups.Tuple.tuple("acme-grafana", Role.TENANT, "acme"));
        assertThat(c.tokens().get(0).sha256()).isEqualTo(ApiToken.sha256Hex("test"));
        assertThat(c.staleAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.newAccountDays()).isEqualTo(3);
        assertThat(c.quotaThreshold()).isEqualTo(0.9);
        assertThat(c.forecastHorizon()).isEqualTo(Duration.ofDays(7));
        assertThat(c.recentAlertDays()).isEqualTo(14);
        assertThat(c.maxRangeDays()).isEqualTo(500);
        assertThat(c.maxExportMonths()).isEqualTo(3);
        assertThat(c.maxPageSize()).isEqualTo(200);
        assertThat(c.tenantGaugeTopN()).isEqualTo(50);
        assertThat(c.gaugeRefresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.fleetHealthCacheTtl()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void reportsEveryBadKeyAtOnceWithTheExpectedForm() {
        assertThatThrownBy(() -> QueryApiConfig.fromYaml(fixture("many-errors.bad.yaml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 error(s)")
                .hasMessageContaining("tokens[0]: token 'ops' sha256: expected 64 lower-case hex digits")
                .hasMessageContaining("tokens[1]: token 'acme' tenant: a TENANT token needs its tenant id")
                .hasMessageContaining("tokens[2].role: expected admin, finance or tenant, got 'superuser'")
                .hasMessageContaining(
                        "staleAfter: expected an ISO-8601 duration such as PT15M or P14D, got '15 minutes'")
                .hasMessageContaining("newAccountDays: expected a whole number, got 'seven'")
                .hasMessageContaining("quotaThresold: unknown key");
    }

    @Test
    void rangeChecksNameTheKey() {
        assertThatThrownBy(() -> QueryApiConfig.fromYaml(fixture("threshold.bad.yaml")))
                .hasMessageContaining("quotaThreshold: expected a utilisation in (0, 1], got 80.0");
    }

    @Test
    void defaultsRunWithoutTokens() {
        QueryApiConfig d = QueryApiConfig.defaults();
        assertThat(d.tokens()).isEmpty();
        assertThat(d.staleAfter()).isEqualTo(Duration.ofMinutes(15));
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
