package dev.tenantscope.model.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import dev.tenantscope.model.events.ApiUsage;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.CostPullCompleted;
import dev.tenantscope.model.events.Coverage;
import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.QuotaSample;
import dev.tenantscope.model.events.RunStatus;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
    private static final AccountId ACCOUNT = AccountId.of("123456789012");
    private static final Instant T = Instant.parse("2026-11-01T00:05:00Z");

    @Nested
    class RoundTrip {
        @Test
        void everyRawRecordSurvivesEncodeAndDecode() {
            roundTrip(
                    Topics.ACCOUNTS,
                    new AccountRegistration(
                            ACCOUNT,
                            TenantId.of("acme"),
                            "acme-prod",
                            "enterprise",
                            "prod",
                            AccountStatus.ACTIVE,
                            List.of("us-east-1"),
                            T));
            roundTrip(
                    Topics.RAW_METRICS,
                    new MetricSample(
                            ACCOUNT, "us-east-1", "AWS/Lambda", "Invocations", Map.of("k", "v"), "Sum", 300, T, 42.5));
            roundTrip(Topics.RAW_LOGS, new LogSignal(ACCOUNT, "us-east-1", "/aws/lambda/", T, 300, 7, 1024));
            roundTrip(
                    Topics.RAW_QUOTAS,
                    new QuotaSample(ACCOUNT, "us-east-1", "lambda", "L-B99A9384", "Concurrent", 1000, 812.0, T));
            roundTrip(
                    Topics.RAW_QUOTAS,
                    new QuotaSample(ACCOUNT, "us-east-1", "monitoring", "L-5E141212", "GMD TPS", 50, 12.0, T, 1.0));
            roundTrip(
                    Topics.RAW_COST,
                    new CostLine(
                            ACCOUNT, LocalDate.parse("2026-11-01"), "AWS Lambda", "", Money.usd("-0.000123"), true, T));
            roundTrip(
                    Topics.COLLECTOR_RUNS,
                    new CollectorRun(
                            ACCOUNT,
                            "collector-1",
                            T,
                            1200,
                            RunStatus.UNOBSERVABLE,
                            "AccessDenied: role deleted",
                            3,
                            1,
                            Map.of("AccessDenied", 1L),
                            List.of(new ApiUsage("monitoring", "GetMetricData", 2, 40, "metrics", Money.usd("0.0004"))),
                            Money.usd("0.0004")));
            roundTrip(
                    Topics.COLLECTOR_RUNS,
                    new CollectorRun(
                            ACCOUNT,
                            "collector-1",
                            T,
                            1200,
                            RunStatus.OK,
                            "",
                            3,
                            0,
                            Map.of(),
                            List.of(),
                            Money.usd("0.0004"),
                            List.of(
                                    new Coverage(
                                            "eu-west-1", "AWS/Lambda", "Duration", "Average", T, T.plusSeconds(600)),
                                    Coverage.logs("eu-west-1", T, T))));
        }

        @Test
        void everyRollupSurvivesEncodeAndDecode() {
            roundTrip(
                    DerivedTopics.TENANT_METRICS_5M,
                    new TenantMetricRollup(
                            TenantId.of("acme"),
                            "gold",
                            "5m",
                            T,
                            "eu-west-1",
                            "AWS/Lambda",
                            "Duration.Average",
                            3,
                            7,
                            4,
                            2,
                            3.6,
                            3.96,
                            false,
                            42));
        }

        @Test
        void moneyKeepsEveryDecimalDigit() {
            CostLine line = new CostLine(
                    ACCOUNT, LocalDate.parse("2026-11-01"), "AWS Lambda", "", Money.usd("0.1000001"), false, T);
            CostLine back = Topics.RAW_COST.valueSerde().deserializer().deserialize("t", encode(Topics.RAW_COST, line));
            assertThat(back.amount().amount()).isEqualByComparingTo("0.1000001");
            assertThat(back.amount().amount().toPlainString()).isEqualTo("0.1000001");
        }

        @Test
        void costLineKeepsRecordTypeAndEveryBasis() {
            CostLine line = new CostLine(
                    ACCOUNT,
                    LocalDate.parse("2026-11-01"),
                    "Amazon EC2",
                    "",
                    "SavingsPlanCoveredUsage",
                    new CostAmounts(
                            Money.usd("1.00"),
                            Money.usd("0.95"),
                            Money.usd("0.60"),
                            Money.usd("0.57"),
                            Money.usd("0.90")),
                    true,
                    T);
            CostLine back = Topics.RAW_COST.valueSerde().deserializer().deserialize("t", encode(Topics.RAW_COST, line));
            assertThat(back).isEqualTo(line);
            assertThat(back.amount(CostBasis.NET_AMORTIZED).amount()).isEqualByComparingTo("0.57");
            assertThat(back.key()).endsWith("|SavingsPlanCoveredUsage");
        }

        @Test
        void quotaSampleWrittenBeforePeriodsReadsAsALevelQuota() {
            String old = "{\"v\":1,\"account\":\"111111111111\",\"region\":\"us-east-1\",\"serviceCode\":\"lambda\","
                    + "\"quotaCode\":\"L-B99A9384\",\"quotaName\":\"Concurrent\",\"quotaValue\":1000.0,"
                    + "\"usage\":812.0,\"timestamp\":\"2026-11-02T00:00:00Z\"}";
            QuotaSample back = Topics.RAW_QUOTAS
                    .valueSerde()
                    .deserializer()
                    .deserialize("t", old.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(back.periodSeconds()).isNull();
            assertThat(back.rateQuota()).isFalse();
            assertThat(back.usage()).isEqualTo(812.0);
        }

        @Test
        void costLineWrittenBeforeBasesReadsAsUsageUnderEveryBasis() {
            String old = "{\"v\":1,\"account\":\"111111111111\",\"day\":\"2026-11-01\",\"service\":\"AWS Lambda\","
                    + "\"usageType\":\"\",\"amount\":{\"amount\":\"2.50\",\"currency\":\"USD\"},"
                    + "\"estimated\":false,\"retrievedAt\":\"2026-11-02T00:00:00Z\"}";
            CostLine back = Topics.RAW_COST
                    .valueSerde()
                    .deserializer()
                    .deserialize("t", old.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(back.recordType()).isEqualTo(CostLine.USAGE);
            for (CostBasis b : CostBasis.values()) {
                assertThat(back.amount(b).amount()).as(b.apiName()).isEqualByComparingTo("2.50");
            }
        }

        @Test
        void costPullCompletedRoundTrips() {
            roundTrip(
                    Topics.RAW_COST_PULLS,
                    new CostPullCompleted(ACCOUNT, LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-02"), T));
        }

        @Test
        void unknownBasisNamesTheAcceptedOnes() {
            assertThatThrownBy(() -> CostBasis.parse("list"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("netAmortized")
                    .hasMessageContaining("'list'");
            assertThat(CostBasis.parse("NetAmortizedCost")).isEqualTo(CostBasis.NET_AMORTIZED);
        }

        @Test
        void everyValueCarriesItsSchemaVersion() {
            byte[] bytes =
                    encode(Topics.RAW_LOGS, new LogSignal(ACCOUNT, "us-east-1", "/aws/lambda/", T, 300, 7, 1024));
            assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{\"v\":1,");
        }

        private <V> void roundTrip(Topic<String, V> topic, V value) {
            V back = topic.valueSerde().deserializer().deserialize(topic.name(), encode(topic, value));
            assertThat(back).isEqualTo(value);
        }

        private <V> byte[] encode(Topic<String, V> topic, V value) {
            return topic.valueSerde().serializer().serialize(topic.name(), value);
        }
    }

    @Nested
    class BadInput {
        @Test
        void fixtureThatIsValidDecodes() throws IOException {
            MetricSample sample = decode(Topics.RAW_METRICS, "metric-sample.ok.json");
            assertThat(sample.value()).isEqualTo(42.0);
            assertThat(sample.account()).isEqualTo(ACCOUNT);
        }

        @Test
        void aRunFromACollectorBeforeCoverageDecodesWithNone() throws IOException {
            CollectorRun run = decode(Topics.COLLECTOR_RUNS, "collector-run.before-coverage.json");
            assertThat(run.coverage()).isEmpty();
            assertThat(run.calls()).isEqualTo(3);
        }

        @Test
        void aRunsCoverageDecodesPerSignalAndRegion() throws IOException {
            CollectorRun run = decode(Topics.COLLECTOR_RUNS, "collector-run.with-coverage.json");
            assertThat(run.coverage())
                    .containsExactly(
                            new Coverage(
                                    "us-east-1",
                                    "AWS/Lambda",
                                    "Invocations",
                                    "Sum",
                                    Instant.parse("2026-11-01T00:00:00Z"),
                                    Instant.parse("2026-11-01T01:05:00Z")),
                            Coverage.logs(
                                    "us-east-1",
                                    Instant.parse("2026-11-01T00:45:00Z"),
                                    Instant.parse("2026-11-01T01:05:00Z")));
        }

        @Test
        void coverageSettledBeforeItStartsNamesTheField() {
            assertThatThrownBy(() -> decode(Topics.COLLECTOR_RUNS, "collector-run.coverage-backwards.json"))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageContaining("settledThrough: expected at or after from (2026-11-01T01:05:00Z)");
        }

        @Test
        void aRollupWrittenBeforeRegionsDecodesAsEveryRegionAndNotComplete() throws IOException {
            TenantMetricRollup r = decode(DerivedTopics.TENANT_METRICS_5M, "tenant-metric-rollup.before-regions.json");
            assertThat(r.region()).isEmpty();
            assertThat(r.complete()).isFalse();
            assertThat(r.sum()).isEqualTo(7.0);
        }

        @Test
        void invalidAccountIdNamesTheField() {
            assertThatThrownBy(() -> decode(Topics.RAW_METRICS, "metric-sample.bad-account.json"))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageContaining("MetricSample from topic tenantscope.raw.metrics")
                    .hasMessageContaining("account: expected a 12-digit AWS account id, got '12345'");
        }

        @Test
        void newerSchemaVersionIsRefusedWithAnUpgradeHint() {
            assertThatThrownBy(() -> decode(Topics.RAW_METRICS, "metric-sample.newer-version.json"))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageContaining("schema version 9 is newer than the 1");
        }

        @Test
        void badCurrencyNamesTheField() {
            assertThatThrownBy(() -> decode(Topics.RAW_COST, "cost-line.bad-amount.json"))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageContaining("currency: expected a 3-letter ISO-4217 code");
        }

        @Test
        void badDateNamesTheField() {
            assertThatThrownBy(() -> decode(Topics.RAW_COST, "cost-line.bad-day.json"))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageContaining("field 'day'");
        }

        @Test
        void notJsonIsADecodeErrorNotACrash() {
            byte[] garbage = {(byte) 0xff, 0x00, 0x13};
            assertThatThrownBy(() -> Topics.RAW_COST.valueSerde().deserializer().deserialize("raw", garbage))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageContaining("not JSON");
        }

        @Test
        void missingVersionIsRefused() {
            byte[] bytes = "{\"account\":\"123456789012\"}".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Topics.RAW_COST.valueSerde().deserializer().deserialize("raw", bytes))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageContaining("field 'v': expected a schema version");
        }

        @Test
        void aValueWhoseVersionIsNotItsFirstFieldDecodesTheSame() throws IOException {
            String moved = "{\"account\":\"123456789012\",\"v\":1,\"region\":\"us-east-1\","
                    + "\"namespace\":\"AWS/Lambda\",\"metric\":\"Invocations\",\"dimensions\":{},"
                    + "\"statistic\":\"Sum\",\"periodSeconds\":300,\"timestamp\":\"2026-11-01T00:05:00Z\","
                    + "\"value\":42.0}";
            MetricSample general = Topics.RAW_METRICS
                    .valueSerde()
                    .deserializer()
                    .deserialize("raw", moved.getBytes(StandardCharsets.UTF_8));
            assertThat(general).isEqualTo(decode(Topics.RAW_METRICS, "metric-sample.ok.json"));
        }

        @Test
        void aNewerVersionAfterOtherFieldsIsRefusedToo() {
            byte[] bytes = "{\"account\":\"123456789012\",\"v\":2}".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Topics.RAW_COST.valueSerde().deserializer().deserialize("raw", bytes))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageContaining("schema version 2 is newer than the 1");
        }

        @Test
        void aValueCutOffAfterItsVersionIsNotJson() {
            byte[] bytes = "{\"v\":1,\"account\":\"1234".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(
                            () -> Topics.RAW_METRICS.valueSerde().deserializer().deserialize("raw", bytes))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageContaining("MetricSample from topic raw")
                    .hasMessageContaining("not JSON");
        }

        @Test
        void aVersionWrittenAsTextIsRefused() {
            byte[] bytes = "{\"v\":\"one\",\"account\":\"123456789012\"}".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Topics.RAW_COST.valueSerde().deserializer().deserialize("raw", bytes))
                    .isInstanceOf(RecordDecodeException.class)
                    .hasMessageContaining("field 'v': expected a schema version");
        }

        private <V> V decode(Topic<String, V> topic, String fixture) throws IOException {
            try (InputStream in = getClass().getResourceAsStream("/records/" + fixture)) {
                return topic.valueSerde().deserializer().deserialize(topic.name(), in.readAllBytes());
            }
        }
    }

    @Test
    void tombstonesStayNull() {
        assertThat(Topics.ACCOUNTS.valueSerde().serializer().serialize("t", null))
                .isNull();
        assertThat(Topics.ACCOUNTS.valueSerde().deserializer().deserialize("t", null))
                .isNull();
    }
}
