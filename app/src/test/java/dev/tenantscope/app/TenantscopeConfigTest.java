package dev.tenantscope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.config.ConfigException;
import dev.tenantscope.config.Environment;
import dev.tenantscope.config.Problem;
import dev.tenantscope.queryapi.Role;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantscopeConfigTest {
    static final Path COMPOSE_CONFIG = Path.of("../docker/tenantscope/tenantscope.yaml");
    static final Environment NO_ENV = Environment.of(Map.of());

    @Test
    void composeConfigIsBoundForEveryRoleFromOneRead() {
        TenantscopeConfig app =
                TenantscopeConfig.load(COMPOSE_CONFIG, NO_ENV, Map.of()).requireValid();

        assertThat(app.collector().kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(app.collector().aws().endpointOverride()).isEqualTo(URI.create("http://fleet-sim:4566"));
        assertThat(app.collector().aws().externalId()).isEqualTo("compose-demo-external-id-change-me");
        assertThat(app.collector().prometheusPort()).isEqualTo(9464);

        assertThat(app.streams().applicationId()).isEqualTo("tenantscope-streams");
        assertThat(app.streams().prometheusPort()).isEqualTo(9465);
        assertThat(app.streams().kafka()).isSameAs(app.collector().kafka()).as("bound once, handed to both");

        assertThat(app.queryApi().tokens())
                .singleElement()
                .satisfies(t -> assertThat(t.role()).isEqualTo(Role.ADMIN));
        assertThat(app.queryApi().port()).isEqualTo(8080);

        assertThat(app.shared().clickhouse().url()).isEqualTo(URI.create("http://clickhouse:8123/tenantscope"));
        assertThat(app.shared().clickhouse().user()).isEqualTo("tenantscope");
        assertThat(app.shared().clickhouse().password()).isEqualTo("tenantscope");
    }

    @Test
    void anUnknownSectionIsNamedWithTheSectionsThereAre() {
        TenantscopeConfig app = TenantscopeConfig.load(fixture("unknown-section.bad.yaml"), NO_ENV, Map.of());
        assertThat(app.problems())
                .extracting(Problem::toString)
                .containsExactly("colector: unknown key (check the spelling); expected one of [dataDir, kafka,"
                        + " clickhouse, aws, alerts, collector, streams, queryApi]");
    }

    @Test
    void problemsOfEverySectionAreThrownTogetherNamingTheFile() {
        TenantscopeConfig app = TenantscopeConfig.load(fixture("bad-collector.bad.yaml"), NO_ENV, Map.of());
        assertThatThrownBy(app::requireValid)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad-collector.bad.yaml (2 problems)")
                .hasMessageContaining("aws.regions[0]: expected an AWS region such as us-east-1, got 'not-a-region'")
                .hasMessageContaining("queryApi.port: expected a whole number in [0, 65535], got '99999'");
    }

    @Test
    void commandLineOverridesAreValuesOverTheFileValidatedTheSameWay() {
        TenantscopeConfig app = TenantscopeConfig.load(
                COMPOSE_CONFIG,
                NO_ENV,
                Map.of(
                        "kafka.bootstrapServers", "broker:9092",
                        "clickhouse.url", "http://u:p@ch:8123/db",
                        "queryApi.port", "eighty"));
        assertThat(app.streams().kafka().bootstrapServers()).isEqualTo("broker:9092");
        assertThat(app.shared().clickhouse().url()).isEqualTo(URI.create("http://ch:8123/db"));
        assertThat(app.shared().clickhouse().user())
                .as("the file's key wins over the URL")
                .isEqualTo("tenantscope");
        assertThat(app.problems())
                .extracting(Problem::toString)
                .containsExactly("queryApi.port: expected a whole number in [0, 65535], got 'eighty'");
    }

    @Test
    void noFileMeansTheEmbeddedEngineAndDefaults() {
        TenantscopeConfig app = TenantscopeConfig.load(fixture("empty.ok.yaml"), NO_ENV, Map.of())
                .requireValid();
        assertThat(app.shared().clickhouse().embedded()).isTrue();
        assertThat(app.shared().kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(app.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(app.shared().kafka().topics().partitions())
                .as("one partition count for every role")
                .isEqualTo(12)
                .isEqualTo(app.streams().kafka().topics().partitions());
    }

    @Test
    void oneHomeForEachCrossRoleConcept() {
        TenantscopeConfig app = TenantscopeConfig.defaults(NO_ENV);
        double warnAt = app.shared().alerts().quota().warnAt();
        assertThat(app.collector().alerts().quota().warnAt()).isEqualTo(warnAt);
        assertThat(app.streams().quota().warnAt()).isEqualTo(warnAt);
        assertThat(app.queryApi().quotaThreshold()).isEqualTo(warnAt);
        assertThat(app.streams().quota().forecastHorizon())
                .isEqualTo(app.queryApi().forecastHorizon())
                .isEqualTo(app.shared().alerts().quota().forecastHorizon());
        assertThat(app.queryApi().staleAfter()).isEqualTo(app.shared().alerts().staleAfter());
    }

    static Path fixture(String name) {
        return Path.of("src/test/resources/config", name);
    }
}
