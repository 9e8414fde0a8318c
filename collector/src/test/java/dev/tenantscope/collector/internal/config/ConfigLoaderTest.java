package dev.tenantscope.collector.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.ConfigException;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.AccountStatus;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    static Path fixture(String name) {
        return Path.of("src/test/resources/config", name);
    }

    @Nested
    class Valid {
        @Test
        void fullFileBindsEveryKey() {
            CollectorConfig c = ConfigLoader.fromFile(fixture("full.ok.yaml"), Map.of());
            assertThat(c.collectorId()).isEqualTo("collector-a");
            assertThat(c.kafka().partitions()).isEqualTo(6);
            assertThat(c.aws().regions()).containsExactly("us-east-1", "eu-west-1");
            assertThat(c.aws().endpointOverride()).isEqualTo(URI.create("http://127.0.0.1:4566"));
            assertThat(c.aws().managementAccount()).isEqualTo(AccountId.of("999999999999"));
            assertThat(c.limits().tpsFor("GetMetricData")).isEqualTo(50.0);
            assertThat(c.limits().maxAttempts()).isEqualTo(5);
            assertThat(c.schedule().alertInterval()).isEqualTo(Duration.ofMinutes(14));
            assertThat(c.metrics().alert()).singleElement().satisfies(m -> {
                assertThat(m.metric()).isEqualTo("Errors");
                assertThat(m.periodSeconds()).isEqualTo(300);
            });
            assertThat(c.logs().maxBytesPerAccountInterval()).isEqualTo(16L << 20);
            assertThat(c.prices().get("logs:GetQueryResults").perUnits()).isEqualTo(1L << 30);
            assertThat(c.quotas().services()).containsExactly("lambda", "ec2");
            assertThat(c.prometheusPort()).isEqualTo(-1);
        }

        @Test
        void emptyFileRunsOnDefaults() {
            CollectorConfig c = ConfigLoader.fromFile(fixture("empty.ok.yaml"), Map.of("HOSTNAME", "box1"));
            assertThat(c.collectorId()).isEqualTo("collector-box1");
            assertThat(c.schedule().budgetPerAccountMonth()).isEqualByComparingTo(new BigDecimal("0.10"));
            assertThat(c.aws().roleName()).isEqualTo("TenantScopeReadOnly");
            assertThat(c.aws().externalId()).isEqualTo("tenantscope-demo");
            assertThat(c.discovery().tenantTag()).isEqualTo("tenant-id");
            assertThat(c.cost().mode()).isEqualTo(CollectorConfig.CostMode.PAYER);
            assertThat(c.cost().trailingDays()).isEqualTo(5);
            assertThat(c.prices()).containsKeys("monitoring:GetMetricData", "ce:*", "logs:GetQueryResults");
        }

        @Test
        void environmentIsReadOnlyByTheLoader() {
            CollectorConfig c = ConfigLoader.defaults(Map.of(
                    "AWS_ENDPOINT_URL", "http://127.0.0.1:9999",
                    "TENANTSCOPE_KAFKA_BOOTSTRAP", "k:9092",
                    "TENANTSCOPE_COLLECTOR_ID", "c-7"));
            assertThat(c.aws().endpointOverride()).hasPort(9999);
            assertThat(c.aws().accessKeyId())
                    .as("a simulator gets placeholder keys")
                    .isNotNull();
            assertThat(c.kafka().bootstrapServers()).isEqualTo("k:9092");
            assertThat(c.collectorId()).isEqualTo("c-7");
        }

        @Test
        void staticAccountsFileBinds() {
            var accounts = StaticAccounts.load(fixture("accounts.ok.yaml"), List.of("us-east-1"));
            assertThat(accounts).hasSize(2);
            assertThat(accounts.get(0).tier()).isEqualTo("gold");
            assertThat(accounts.get(0).regions()).containsExactly("us-east-1");
            assertThat(accounts.get(1).status()).isEqualTo(AccountStatus.SUSPENDED);
            assertThat(accounts.get(1).regions()).containsExactly("eu-west-1");
        }
    }

    @Nested
    class Invalid {
        @Test
        void everyProblemIsReportedWithKeyValueAndExpectedForm() {
            assertThatThrownBy(() -> ConfigLoader.fromFile(fixture("many-errors.bad.yaml"), Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).problems())
                            .contains(
                                    "kafka.partitions: expected an integer in [1, 10000], got 'zero'",
                                    "kafka.bootstrapservers: unknown key (check the spelling)",
                                    "aws.regions[1]: expected an AWS region such as us-east-1, got 'moon-base-1'",
                                    "aws.sessionDuration: expected between 15m and 12h (AssumeRole's range), got '5m'",
                                    "aws.managementAccount: expected a 12-digit AWS account id, got '12345'",
                                    "aws.endpointOverride: expected an http(s) URL such as http://127.0.0.1:4566, got 'ftp://nope'",
                                    "discovery.mode: expected one of [organizations, static, off], got 'ldap'",
                                    "limits.globalTps: expected a positive number such as 50, got '-3'",
                                    "limits.accountTimeout: expected a positive duration such as 30s, 15m, 1h, 1d or PT15M, got 'soon'",
                                    "schedule.budgetPerAccountMonth: expected a non-negative decimal such as 0.10, got 'ten cents'",
                                    "schedule.hotAlertInterval: expected at most schedule.alertInterval (PT15M), got '1h'",
                                    "metrics.alert[0].metric: expected a metric name such as Errors, got '(unset)'",
                                    "metrics.alert[0].period: expected 1s, 5s, 10s, 30s or a multiple of 60s, got '7s'",
                                    "cost.metric: expected UnblendedCost, BlendedCost, AmortizedCost, NetUnblendedCost or NetAmortizedCost, got 'Dollars'",
                                    "prices.GetMetricData: expected a key service:Operation such as monitoring:GetMetricData (or monitoring:*), got 'GetMetricData'")
                            .anySatisfy(p -> assertThat(p).startsWith("collectorId: expected 1-32 characters"))
                            .anySatisfy(p -> assertThat(p).startsWith("metrics.alert[0].statistic: expected Sum")))
                    .hasMessageContaining("many-errors.bad.yaml");
        }

        @Test
        void staticModeNeedsAFile() {
            assertThatThrownBy(() -> ConfigLoader.fromFile(fixture("static-no-file.bad.yaml"), Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("discovery.staticFile: expected a path to a YAML accounts file");
        }

        @Test
        void missingFileIsNamed() {
            assertThatThrownBy(() -> ConfigLoader.fromFile(fixture("nope.yaml"), Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("nope.yaml");
        }

        @Test
        void badStaticAccountsAreAllReported() {
            assertThatThrownBy(() -> StaticAccounts.load(fixture("accounts.bad.yaml"), List.of("us-east-1")))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).problems())
                            .containsExactlyInAnyOrder(
                                    "accounts[0].id: expected a 12-digit AWS account id, got '1111'",
                                    "accounts[1].tenant: expected a tenant id, got 'null'",
                                    "accounts[2].status: expected one of [active, suspended, closed], got 'sleeping'"));
        }
    }
}
