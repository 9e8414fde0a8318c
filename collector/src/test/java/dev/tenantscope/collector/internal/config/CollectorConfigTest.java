package dev.tenantscope.collector.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.config.ConfigException;
import dev.tenantscope.config.ConfigTree;
import dev.tenantscope.config.Environment;
import dev.tenantscope.config.SharedConfig;
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

class CollectorConfigTest {
    static final Environment NO_ENV = Environment.of(Map.of());

    static Path fixture(String name) {
        return Path.of("src/test/resources/config", name);
    }

    static CollectorConfig bind(ConfigTree t) {
        CollectorConfig c = CollectorConfig.bind(t.root().section("collector", ""), SharedConfig.bind(t.root()));
        t.requireValid();
        return c;
    }

    static CollectorConfig bind(String name, Environment env) {
        return bind(ConfigTree.read(fixture(name), env));
    }

    @Nested
    class Valid {
        @Test
        void fullFileBindsEveryKey() {
            CollectorConfig c = bind("full.ok.yaml", NO_ENV);
            assertThat(c.collectorId()).isEqualTo("collector-a");
            assertThat(c.groupId()).isEqualTo("tenantscope-collector-eu");
            assertThat(c.kafka().topics().partitions()).isEqualTo(6);
            assertThat(c.aws().regions()).containsExactly("us-east-1", "eu-west-1");
            assertThat(c.aws().endpointOverride()).isEqualTo(URI.create("http://127.0.0.1:4566"));
            assertThat(c.managementAccount()).isEqualTo(AccountId.of("999999999999"));
            assertThat(c.alerts().quota().warnAt()).isEqualTo(0.7);
            assertThat(c.limits().tpsFor("GetMetricData")).isEqualTo(50.0);
            assertThat(c.limits().tpsFor("DescribeAlarms")).isEqualTo(3.0);
            assertThat(c.limits().tpsFor("AssumeRole")).as("defaults stay").isEqualTo(100.0);
            assertThat(c.limits().tpsFor("Unlisted")).isEqualTo(8.0);
            assertThat(c.limits().maxAttempts()).isEqualTo(5);
            assertThat(c.limits().accountTimeout()).isEqualTo(Duration.ofMinutes(2));
            assertThat(c.schedule().alertInterval()).isEqualTo(Duration.ofMinutes(14));
            assertThat(c.schedule().costInterval()).isEqualTo(Duration.ofDays(1));
            assertThat(c.metrics().alert()).singleElement().satisfies(m -> {
                assertThat(m.metric()).isEqualTo("Errors");
                assertThat(m.periodSeconds()).isEqualTo(300);
            });
            assertThat(c.metrics().standard().getFirst().dimensions()).containsEntry("FunctionName", "api");
            assertThat(c.logs().maxBytesPerAccountInterval()).isEqualTo(16L << 20);
            assertThat(c.prices().get("logs:GetQueryResults").perUnits()).isEqualTo(1L << 30);
            assertThat(c.prices().get("logs:GetQueryResults").usd()).isEqualByComparingTo("0.005");
            assertThat(c.prices()).as("default prices stay").containsKey("ce:*");
            assertThat(c.quotas().services()).containsExactly("lambda", "ec2");
            assertThat(c.quotas().alertAbove()).isEqualTo(0.5);
            assertThat(c.prometheusPort()).isEqualTo(-1);
            assertThat(c.cost().payerRoleArn()).isEqualTo("arn:aws:iam::999999999999:role/TenantScopeCostReader");
            assertThat(c.cost().payerExternalId()).isEqualTo("payer-external-id-0123456789");
            assertThat(c.cost().backfillMonths()).isEqualTo(6);
        }

        @Test
        void emptyFileRunsOnDefaults() {
            CollectorConfig c = bind("empty.ok.yaml", Environment.of(Map.of("HOSTNAME", "box1")));
            assertThat(c.collectorId()).isEqualTo("collector-box1");
            assertThat(c.groupId()).isEqualTo("tenantscope-collector");
            assertThat(c.kafka().topics().partitions()).isEqualTo(12);
            assertThat(c.schedule().budgetPerAccountMonth()).isEqualByComparingTo(new BigDecimal("0.10"));
            assertThat(c.aws().roleName()).isEqualTo("TenantScopeReadOnly");
            assertThat(c.aws().externalId()).isEqualTo("tenantscope-demo");
            assertThat(c.discovery().tenantTag()).isEqualTo("tenant-id");
            assertThat(c.metrics().alert())
                    .extracting(CollectorConfig.MetricSpec::metric)
                    .containsExactly("Errors", "Throttles", "Invocations");
            assertThat(c.metrics().standard())
                    .extracting(CollectorConfig.MetricSpec::metric)
                    .containsExactly("Duration");
            assertThat(c.cost().mode()).isEqualTo(CollectorConfig.CostMode.PAYER);
            assertThat(c.cost().trailingDays()).isEqualTo(5);
            assertThat(c.cost().payerRoleArn())
                    .as("no role: the collector's own credentials, once verified")
                    .isNull();
            assertThat(c.cost().backfillMonths()).isEqualTo(13);
            assertThat(c.alerts().quota().warnAt())
                    .as("the hot-quota threshold")
                    .isEqualTo(0.8);
            assertThat(c.prices()).isEqualTo(Map.copyOf(DefaultPrices.LIST));
        }

        @Test
        void environmentIsHandedInNotReadDeepInTheCode() {
            CollectorConfig c = CollectorConfig.defaults(Environment.of(Map.of(
                    "AWS_ENDPOINT_URL", "http://127.0.0.1:9999",
                    "TENANTSCOPE_KAFKA_BOOTSTRAP", "k:9092",
                    "TENANTSCOPE_COLLECTOR_ID", "c-7")));
            assertThat(c.aws().endpointOverride()).hasPort(9999);
            assertThat(c.aws().accessKeyId())
                    .as("a simulator gets placeholder keys")
                    .isNotNull();
            assertThat(c.kafka().bootstrapServers()).isEqualTo("k:9092");
            assertThat(c.collectorId()).isEqualTo("c-7");
        }

        @Test
        void printedDefaultsBindBackToTheDefaults() {
            ConfigTree t = ConfigTree.empty(NO_ENV);
            CollectorConfig defaults = bind(t);
            ConfigTree again = ConfigTree.parse(t.toYaml(null), "printed", NO_ENV);
            assertThat(bind(again)).isEqualTo(defaults);
        }

        @Test
        void printedFullFileBindsBackToTheSameConfig() {
            ConfigTree t = ConfigTree.read(fixture("full.ok.yaml"), NO_ENV);
            CollectorConfig full = bind(t);
            assertThat(bind(ConfigTree.parse(t.toYaml(null), "printed", NO_ENV)))
                    .isEqualTo(full);
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
        void aBadValueAndAnUnknownKeyInEverySectionAreAllReportedWithTheirPaths() {
            assertThatThrownBy(() -> bind("many-errors.bad.yaml", NO_ENV))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("many-errors.bad.yaml")
                    .satisfies(e -> assertThat(((ConfigException) e).messages())
                            .contains(
                                    "collector.collectorId: expected 1-32 characters of [A-Za-z0-9+=,.@_-] (it is the"
                                            + " AssumeRole session name), got 'has spaces!'",
                                    "collector.discovery.mode: expected one of [organizations, static, off], got"
                                            + " 'ldap'",
                                    "collector.limits.apiTps.GetMetricData: expected a number above 0 such as 50, got"
                                            + " 'fast'",
                                    "collector.limits.globalTps: expected a number above 0 such as 2000, got '-3'",
                                    "collector.limits.accountTimeout: expected a duration such as 500ms, 30s, 15m,"
                                            + " 1h30m, 7d or PT15M above 0, got 'soon'",
                                    "collector.schedule.hotAlertInterval: expected at most schedule.alertInterval"
                                            + " (15m), got '1h'",
                                    "collector.schedule.budgetPerAccountMonth: expected an amount in USD such as 0.10,"
                                            + " $0.10 or 0.10 USD, 0 or more, got 'ten cents'",
                                    "collector.metrics.overlap: expected a duration with a unit, such as 600s or 600m"
                                            + " (a bare number has none), got '600'",
                                    "collector.metrics.alert[0].metric: missing required key; expected a metric name"
                                            + " such as Errors",
                                    "collector.metrics.alert[0].statistic: expected Sum, Average, Maximum, Minimum,"
                                            + " SampleCount or a percentile like p99, got 'Median'",
                                    "collector.metrics.alert[0].period: expected 1s, 5s, 10s, 30s or a multiple of"
                                            + " 60s, got '7s'",
                                    "collector.logs.mode: expected one of [insights, off], got 'cloudwatch'",
                                    "collector.logs.maxBytesPerAccountInterval: expected a size such as 104857600,"
                                            + " 64KB, 100MB or 1GB above 0, got 'lots'",
                                    "collector.quotas.alertAbove: expected a percentage such as 80% (or a fraction"
                                            + " such as 0.8) above 0% and at most 100%, got '150%'",
                                    "collector.cost.monthToDate: expected replaced by cost.monthToDateEvery (days"
                                            + " between pulls that reach back to the 1st; 1: every pull, as"
                                            + " monthToDate: true did; 0: never), got '(any value)'",
                                    "collector.cost.metric: expected no cost.metric: it was removed, every basis"
                                            + " (AmortizedCost, BlendedCost, NetAmortizedCost, NetUnblendedCost,"
                                            + " UnblendedCost) is pulled in one request and the basis is chosen"
                                            + " where cost is read (basis=), got '(any value)'",
                                    "collector.prices.GetMetricData: expected a key service:Operation such as"
                                            + " monitoring:GetMetricData (or monitoring:*), got 'GetMetricData'",
                                    "collector.prices.monitoring:*.usd: expected an amount in USD such as 0.10, $0.10"
                                            + " or 0.10 USD (other currencies are not modelled), got '0.01 EUR'",
                                    "collector.prices.monitoring:*.per: unknown key (check the spelling); expected one"
                                            + " of [usd, perUnits, unit]")
                            .anySatisfy(p -> assertThat(p).startsWith("collector.prometheusPorts: unknown key"))
                            .anySatisfy(p -> assertThat(p).startsWith("collector.discovery.intervall: unknown key"))
                            .anySatisfy(p -> assertThat(p).startsWith("collector.limits.retries: unknown key"))
                            .anySatisfy(
                                    p -> assertThat(p).startsWith("collector.schedule.standardIntervall: unknown key"))
                            .anySatisfy(p -> assertThat(p).startsWith("collector.metrics.alert[1].unit: unknown key"))
                            .anySatisfy(p -> assertThat(p).startsWith("collector.logs.prefix: unknown key"))
                            .anySatisfy(p -> assertThat(p).startsWith("collector.quotas.service: unknown key"))
                            .anySatisfy(p -> assertThat(p).startsWith("collector.cost.trailing: unknown key")));
        }

        @Test
        void keysThatMovedToTheSharedSectionsSayWhere() {
            assertThatThrownBy(() -> bind("moved.bad.yaml", NO_ENV))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).messages())
                            .containsExactly(
                                    "collector.kafka: moved to the top-level kafka section (shared by every role)"
                                            + " (one home for every role); set it there",
                                    "collector.aws: moved to the top-level aws section (shared by every role) (one"
                                            + " home for every role); set it there"));
        }

        @Test
        void perAccountCostModeIsRefusedAsRemovedNamingWhatToUse() {
            assertThatThrownBy(() -> bind("cost-per-account.bad.yaml", NO_ENV))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).messages())
                            .containsExactly("collector.cost.mode: expected payer or off: per-account mode was removed"
                                    + " (it collected nothing); use payer with collector.cost.payerRoleArn set to the"
                                    + " role of deploy/payer-role.yaml, got 'per-account'"));
        }

        @Test
        void aPayerRoleMustBeARoleArnWithItsExternalIdAndBackfillStaysWithinCostExplorersHistory() {
            assertThatThrownBy(() -> bind("cost-payer.bad.yaml", NO_ENV))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).messages())
                            .containsExactlyInAnyOrder(
                                    "collector.cost.payerRoleArn: expected an IAM role ARN such as"
                                            + " arn:aws:iam::111122223333:role/TenantScopeCostReader, got"
                                            + " 'arn:aws:iam::123:user/someone'",
                                    "collector.cost.backfillMonths: expected a whole number in [0, 13], got '24'"));
            assertThatThrownBy(() -> bind("cost-payer-no-external-id.bad.yaml", NO_ENV))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).messages())
                            .containsExactly("collector.cost.payerExternalId: expected the ExternalId of the payer"
                                    + " role (deploy/payer-role.yaml's ExternalId parameter) when"
                                    + " cost.payerRoleArn is set, got '(unset)'"));
        }

        @Test
        void staticModeNeedsAFile() {
            assertThatThrownBy(() -> bind("static-no-file.bad.yaml", NO_ENV))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("collector.discovery.staticFile: expected a path to a YAML accounts file when"
                            + " discovery.mode is static");
        }

        @Test
        void badStaticAccountsAreAllReported() {
            assertThatThrownBy(() -> StaticAccounts.load(fixture("accounts.bad.yaml"), List.of("us-east-1")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("accounts.bad.yaml")
                    .satisfies(e -> assertThat(((ConfigException) e).messages())
                            .containsExactlyInAnyOrder(
                                    "accounts[0].id: expected a 12-digit AWS account id, got '1111'",
                                    "accounts[1].tenant: missing required key; expected a tenant id",
                                    "accounts[2].status: expected one of [active, suspended, closed], got"
                                            + " 'sleeping'"));
        }
    }
}
