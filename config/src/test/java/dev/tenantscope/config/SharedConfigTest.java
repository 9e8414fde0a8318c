package dev.tenantscope.config;

import static dev.tenantscope.config.Fixtures.NO_ENV;
import static dev.tenantscope.config.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SharedConfigTest {
    @Nested
    class Valid {
        @Test
        void everySharedKeyBinds() {
            ConfigTree t = tree("shared.ok.yaml");
            SharedConfig s = SharedConfig.bind(t.root());
            t.requireValid();
            assertThat(s.dataDir()).isEqualTo(Path.of("/var/lib/tenantscope"));
            assertThat(s.kafka().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
            assertThat(s.kafka().topics()).isEqualTo(new TopicsConfig(false, 24, (short) 3, Duration.ofDays(14)));
            assertThat(s.clickhouse().url()).isEqualTo(URI.create("http://clickhouse:8123/tenantscope"));
            assertThat(s.clickhouse().password()).isEqualTo("s3cret");
            assertThat(s.aws().regions()).containsExactly("us-east-1", "eu-west-1");
            assertThat(s.aws().sessionDuration()).isEqualTo(Duration.ofHours(2));
            assertThat(s.aws().managementAccount()).isEqualTo("999999999999");
            assertThat(s.aws().endpointOverride()).isEqualTo(URI.create("http://fleet-sim:4566"));
            assertThat(s.aws().roleName()).isEqualTo("TenantScopeObserver");
            assertThat(s.aws().externalId()).isEqualTo("external-1");
            assertThat(s.aws().refreshBefore()).isEqualTo(Duration.ofMinutes(10));
            assertThat(s.aws().maxConnections()).isEqualTo(64);
            assertThat(s.aws().accessKeyId()).isEqualTo("AKIAEXAMPLE");
            assertThat(s.aws().secretAccessKey()).isEqualTo("example-secret");
            assertThat(s.clickhouse().user()).isEqualTo("tenantscope");
            assertThat(s.alerts().staleAfter()).isEqualTo(Duration.ofMinutes(40));
            assertThat(s.alerts().quota()).isEqualTo(new AlertsConfig.QuotaAlerts(0.7, 0.9, 0.0, Duration.ofDays(3)));
        }

        /** A key the binder ignored would leave its default in place: each value must differ from it. */
        @Test
        void everyValueOfTheFixtureDiffersFromItsDefault() throws Exception {
            ConfigTree t = tree("shared.ok.yaml");
            SharedConfig s = SharedConfig.bind(t.root());
            t.requireValid();
            Map<String, Object> same = new java.util.TreeMap<>();
            sameLeaves("", s, SharedConfig.defaults(NO_ENV), same);
            assertThat(same).as("values equal to the default").isEmpty();
        }

        @Test
        void defaultsRunEmbedded() {
            SharedConfig s = SharedConfig.defaults(NO_ENV);
            assertThat(s.dataDir()).isEqualTo(Path.of("data"));
            assertThat(s.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
            assertThat(s.kafka().topics().partitions()).isEqualTo(12);
            assertThat(s.kafka().topics().replicationFactor()).isEqualTo((short) 1);
            assertThat(s.clickhouse().embedded()).isTrue();
            assertThat(s.aws().endpointOverride()).isNull();
            assertThat(s.aws().accessKeyId())
                    .as("real AWS: the default credential chain")
                    .isNull();
            assertThat(s.alerts().quota().warnAt()).isEqualTo(0.8);
            assertThat(s.alerts().quota().forecastHorizon()).isEqualTo(Duration.ofDays(7));
        }

        @Test
        void theEnvironmentFillsWhatTheFileLeavesOut() {
            Environment env = Environment.of(Map.of(
                    Environment.KAFKA_BOOTSTRAP, "k:9092",
                    Environment.DATA_DIR, "/tmp/ts",
                    Environment.AWS_ENDPOINT_URL, "http://127.0.0.1:9999",
                    Environment.EXTERNAL_ID, "from-env"));
            ConfigTree t = ConfigTree.empty(env);
            SharedConfig s = SharedConfig.bind(t.root());
            assertThat(s.kafka().bootstrapServers()).isEqualTo("k:9092");
            assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/ts"));
            assertThat(s.aws().endpointOverride()).hasPort(9999);
            assertThat(s.aws().externalId()).isEqualTo("from-env");
            assertThat(s.aws().accessKeyId())
                    .as("a simulator gets placeholder keys")
                    .isNotNull();
            assertThat(t.toYaml(null))
                    .as("this machine's values print commented out, so the file stays portable")
                    .contains("# bootstrapServers: k:9092   (from $TENANTSCOPE_KAFKA_BOOTSTRAP)")
                    .contains("# externalId: from-env   (from $TENANTSCOPE_EXTERNAL_ID)");
        }

        @Test
        void credentialsInTheClickHouseUrlAreUsedWhenTheKeysAreAbsent() {
            ConfigTree t = ConfigTree.empty(NO_ENV).override("clickhouse.url", "http://u:p@ch:8123/db");
            ClickHouseConfig c = SharedConfig.bind(t.root()).clickhouse();
            assertThat(c.url()).isEqualTo(URI.create("http://ch:8123/db"));
            assertThat(c.user()).isEqualTo("u");
            assertThat(c.password()).isEqualTo("p");
            assertThat(c.toString()).doesNotContain("p]").contains("****");
        }

        @Test
        void theDefaultsFileSaysWhatProductionWants() {
            ConfigTree t = ConfigTree.empty(NO_ENV);
            SharedConfig.bind(t.root());
            assertThat(t.toYaml(null)).contains("production wants 3\n    replicationFactor: 1\n");
        }
    }

    /** Puts every leaf component (path → value) of two records that is equal in both into {@code same}. */
    private static void sameLeaves(String path, Object bound, Object defaults, Map<String, Object> same)
            throws ReflectiveOperationException {
        for (java.lang.reflect.RecordComponent c : bound.getClass().getRecordComponents()) {
            Object b = c.getAccessor().invoke(bound);
            Object d = c.getAccessor().invoke(defaults);
            String at = path + c.getName();
            if (b != null && b.getClass().isRecord()) {
                sameLeaves(at + ".", b, d, same);
            } else if (java.util.Objects.equals(b, d)) {
                same.put(at, b);
            }
        }
    }

    @Nested
    class Invalid {
        @Test
        void aBadValueAndAnUnknownKeyInEverySharedSectionAreAllReported() {
            ConfigTree t = tree("shared.bad.yaml");
            SharedConfig.bind(t.root());
            assertThat(t.problems())
                    .extracting(Problem::toString)
                    .containsExactlyInAnyOrder(
                            "kafka.topics.partitions: expected a whole number in [1, 10000], got 'zero'",
                            "kafka.topics.retention: expected a duration with a unit, such as 7s or 7m (a bare number"
                                    + " has none), got '7'",
                            "kafka.bootstrapservers: unknown key (check the spelling); expected one of"
                                    + " [bootstrapServers, topics]",
                            "clickhouse.url: expected an http(s) URL such as http://127.0.0.1:4566, got"
                                    + " 'ftp://clickhouse'",
                            "clickhouse.usr: unknown key (check the spelling); expected one of [url, user, password]",
                            "aws.regions[1]: expected an AWS region such as us-east-1, got 'moon-base-1'",
                            "aws.sessionDuration: expected a duration such as 500ms, 30s, 15m, 1h30m, 7d or PT15M"
                                    + " between 15m and 12h, got '5m'",
                            "aws.secretAccessKey: expected accessKeyId and secretAccessKey set together, got '(unset)'",
                            "aws.managementAccount: expected a 12-digit AWS account id, got '12345'",
                            "aws.region: unknown key (check the spelling); expected one of [endpointOverride,"
                                    + " regions, roleName, externalId, sessionDuration, refreshBefore, maxConnections,"
                                    + " accessKeyId, secretAccessKey, managementAccount]",
                            "alerts.staleAfter: expected a duration such as 500ms, 30s, 15m, 1h30m, 7d or PT15M above"
                                    + " 0, got 'soon'",
                            "alerts.quota.criticalAt: expected above warnAt (96%), got '95%'",
                            "alerts.quota.warnAtt: unknown key (check the spelling); expected one of [warnAt,"
                                    + " criticalAt, closeBelow, forecastHorizon]");
        }
    }
}
