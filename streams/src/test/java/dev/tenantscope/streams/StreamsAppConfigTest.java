package dev.tenantscope.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.config.ConfigException;
import dev.tenantscope.config.ConfigTree;
import dev.tenantscope.config.Environment;
import dev.tenantscope.config.SharedConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {
    static final Environment NO_ENV = Environment.of(Map.of());

    static StreamsAppConfig bind(ConfigTree t) {
        StreamsAppConfig c = StreamsAppConfig.bind(t.root().section("streams", ""), SharedConfig.bind(t.root()));
        t.requireValid();
        return c;
    }

    static StreamsAppConfig load(String fixture) throws URISyntaxException {
        return bind(ConfigTree.read(
                Path.of(StreamsAppConfigTest.class
                        .getResource("/config/" + fixture)
                        .toURI()),
                NO_ENV));
    }

    @Nested
    class Valid {
        @Test
        void defaultsRunAndClassTheBaselineServices() {
            StreamsAppConfig c = StreamsAppConfig.defaults();
            assertThat(c.applicationId()).isEqualTo("tenantscope-streams");
            assertThat(c.cost().closeDayOfMonth()).isEqualTo(8);
            assertThat(c.quota().warnAt()).isEqualTo(0.80);
            assertThat(c.quota().criticalAt()).isEqualTo(0.95);
            assertThat(c.quota().forecastHorizon()).isEqualTo(Duration.ofDays(7));
            assertThat(c.quota().historySize()).isEqualTo(24);
            assertThat(c.sink().batchRows()).isEqualTo(20_000);
            assertThat(c.prometheusPort()).isEqualTo(-1);
            assertThat(c.rollups())
                    .as("staleness from the shared alerts section")
                    .isEqualTo(new StreamsAppConfig.Rollups(
                            Duration.ofHours(1), Duration.ofHours(2), Duration.ofMinutes(15)));
            assertThat(c.kafka().topics().partitions()).isEqualTo(12);
            assertThat(c.cost().baselineRules())
                    .extracting(StreamsAppConfig.BaselineRule::service)
                    .containsExactly(
                            "AWS CloudTrail",
                            "AWS Config",
                            "Amazon GuardDuty",
                            "AWS Security Hub",
                            "AWS Key Management Service",
                            "AmazonCloudWatch");
        }

        @Test
        void yamlOverridesDefaultsAndKeepsTheRest() throws Exception {
            StreamsAppConfig c = load("streams.ok.yaml");
            assertThat(c.applicationId()).isEqualTo("tenantscope-streams-eu");
            assertThat(c.prometheusPort()).isEqualTo(9465);
            assertThat(c.rollups())
                    .isEqualTo(new StreamsAppConfig.Rollups(
                            Duration.ofMinutes(30), Duration.ofHours(3), Duration.ofMinutes(15)));
            assertThat(c.cost().closeDayOfMonth()).isEqualTo(3);
            assertThat(c.cost().reattributeEvery()).isEqualTo(Duration.ofSeconds(30));
            assertThat(c.cost().baselineRules()).hasSize(2);
            assertThat(c.cost().sharedAccounts())
                    .containsExactly(new StreamsAppConfig.SharedAccount(
                            "123456789012", "fixed", "12.50", "shared-observability"));
            assertThat(c.noisy().window()).isEqualTo("1h");
            assertThat(c.noisy().cohortPercentile()).isEqualTo(0.95);
            assertThat(c.sink().groupId()).isEqualTo("sink-eu");
            assertThat(c.sink().linger()).isEqualTo(Duration.ofSeconds(1));
            assertThat(c.streamsProperties()).containsEntry("num.stream.threads", "2");
            assertThat(c.kafka().topics().replicationFactor()).isEqualTo((short) 3);
        }

        @Test
        void quotaThresholdsComeFromTheSharedAlertsSection() throws Exception {
            StreamsAppConfig.Quota q = load("streams.ok.yaml").quota();
            assertThat(q.warnAt()).isEqualTo(0.7);
            assertThat(q.criticalAt()).isEqualTo(0.9);
            assertThat(q.forecastHorizon()).isEqualTo(Duration.ofDays(3));
            assertThat(q.historySize()).isEqualTo(48);
        }

        @Test
        void explicitZerosAreHonoured() throws Exception {
            StreamsAppConfig c = load("streams.ok.yaml");
            assertThat(c.noisy().minHistory()).isZero();
            assertThat(c.quota().closeBelow()).isZero();
        }

        @Test
        void printedDefaultsBindBackToTheDefaults() {
            ConfigTree t = ConfigTree.empty(NO_ENV);
            StreamsAppConfig defaults = bind(t);
            assertThat(bind(ConfigTree.parse(t.toYaml(null), "printed", NO_ENV)))
                    .isEqualTo(defaults);
        }
    }

    @Nested
    class Invalid {
        @Test
        void aBadValueAndAnUnknownKeyInEverySectionAreAllReportedWithTheirPaths() {
            assertThatThrownBy(() -> load("streams.bad.yaml"))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).messages())
                            .contains(
                                    "streams.applicationId: expected letters, digits, '.', '_' or '-', got 'bad id'",
                                    "streams.windowGrace: moved to streams.rollups.maxWait (one home for every role);"
                                            + " set it there",
                                    "streams.rollups.maxWait: expected a duration with a unit, such as 2s or 2m (a"
                                            + " bare number has none), got '2'",
                                    "streams.cost.closeDayOfMonth: expected a whole number in [1, 28], got '31'",
                                    "streams.cost.baselineRules[0]: expected service, got none",
                                    "streams.cost.baselineRules[1].usageTypeContains: expected no usageTypeContains:"
                                            + " the collector's Cost Explorer pull is not grouped by USAGE_TYPE, so"
                                            + " every line's usage type is \"\" and this rule would never match;"
                                            + " match on service instead, got 'AlarmMonitorUsage'",
                                    "streams.quota.warnAt: moved to alerts.quota.warnAt (one home for every role);"
                                            + " set it there",
                                    "streams.quota.historySize: expected a whole number in [2, 10000], got '1'",
                                    "streams.noisy.window: expected 5m or 1h (the rollup windows), got '15m'",
                                    "streams.noisy.closeSigmas: expected below openSigmas (3), got '4'",
                                    "streams.sink.batchRows: expected a whole number in [1, 10000000], got '0'",
                                    "streams.streamsProperties: expected a mapping of keys, got 'threads'")
                            .anySatisfy(p -> assertThat(p).startsWith("streams.applicationID: unknown key"))
                            .anySatisfy(p -> assertThat(p).startsWith("streams.cost.closeDay: unknown key"))
                            .anySatisfy(p -> assertThat(p).startsWith("streams.rollups.grace: unknown key"))
                            .anySatisfy(p -> assertThat(p).startsWith("streams.noisy.sigma: unknown key"))
                            .anySatisfy(p -> assertThat(p).startsWith("streams.sink.lingerMs: unknown key")));
        }

        @Test
        void invalidSharedAccountsAreReportedWithTheirKeys() {
            assertThatThrownBy(() -> load("streams.shared.bad.yaml"))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).messages())
                            .containsExactly(
                                    "streams.cost.sharedAccounts[0].account: expected a 12-digit account id, got"
                                            + " '12345'",
                                    "streams.cost.sharedAccounts[1].mode: expected one of [even, usage, fixed], got"
                                            + " 'weighted'",
                                    "streams.cost.sharedAccounts[2].fixedPerTenant: expected an amount in USD such as"
                                            + " 0.10, $0.10 or 0.10 USD, 0 or more, got 'twelve'",
                                    "streams.cost.sharedAccounts[3].fixedPerTenant: expected no fixedPerTenant"
                                            + " unless mode is fixed (mode is even), got '$1.00'",
                                    "streams.cost.sharedAccounts[4].account: expected each shared account listed"
                                            + " once, got '123456789012'"));
        }
    }
}
