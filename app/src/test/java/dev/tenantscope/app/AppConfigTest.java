package dev.tenantscope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.queryapi.QueryApiConfig;
import dev.tenantscope.queryapi.Role;
import dev.tenantscope.streams.StreamsAppConfig;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AppConfigTest {
    private static final Path COMPOSE_CONFIG = Path.of("../docker/tenantscope/tenantscope.yaml");

    @Test
    void composeConfigIsAcceptedByEveryRolesOwnLoader() {
        AppConfig app = AppConfig.load(COMPOSE_CONFIG);

        CollectorConfig collector = app.collector(CollectorConfig::load);
        assertThat(collector.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(collector.aws().endpointOverride()).isEqualTo(URI.create("http://fleet-sim:4566"));
        assertThat(collector.aws().externalId()).isEqualTo("compose-demo-external-id-change-me");
        assertThat(collector.prometheusPort()).isEqualTo(9464);

        StreamsAppConfig streams = app.streams(StreamsAppConfig::load);
        assertThat(streams.applicationId()).isEqualTo("tenantscope-streams");
        assertThat(app.streamsPrometheusPort(-1)).isEqualTo(9465);

        QueryApiConfig api = app.queryApi(QueryApiConfig::fromYaml);
        assertThat(api.tokens())
                .singleElement()
                .satisfies(t -> assertThat(t.role()).isEqualTo(Role.ADMIN));
        assertThat(app.queryApiPort(0)).isEqualTo(8080);

        assertThat(app.bootstrapServers("x")).isEqualTo("kafka:9092");
        assertThat(app.clickhouseUrl())
                .isEqualTo(URI.create("http://tenantscope:tenantscope@clickhouse:8123/tenantscope"));
    }

    @Test
    void unknownSectionIsNamed() {
        assertThatThrownBy(() -> AppConfig.load(fixture("unknown-section.bad.yaml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colector: unknown section, expected one of");
    }

    @Test
    void aRolesErrorsNameTheRealFileAndSection() {
        AppConfig app = AppConfig.load(fixture("bad-collector.bad.yaml"));
        assertThatThrownBy(() -> app.collector(CollectorConfig::load))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad-collector.bad.yaml (section collector)")
                .hasMessageContaining("not-a-region");
        assertThatThrownBy(() -> app.queryApiPort(8080))
                .hasMessageContaining("queryApi.port: expected a port 0..65535 (or -1 for none), got 99999");
    }

    @Test
    void noConfigMeansTheEmbeddedEngineAndDefaults() {
        AppConfig app = AppConfig.load(fixture("unknown-section.bad.yaml").resolveSibling("../config/empty.ok.yaml"));
        assertThat(app.clickhouseUrl()).isNull();
        assertThat(app.bootstrapServers("127.0.0.1:9092")).isEqualTo("127.0.0.1:9092");
    }

    private static Path fixture(String name) {
        return Path.of("src/test/resources/config", name);
    }
}
