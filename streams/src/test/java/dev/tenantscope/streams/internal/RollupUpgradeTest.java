package dev.tenantscope.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.Coverage;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.RunStatus;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topic;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.TenantscopeTopology;
import dev.tenantscope.streams.internal.key.RollupWindowKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State written before datapoints had their own store ({@code rollup-points-store}) kept a window's datapoints in
 * its {@code rollup-windows-store} value: after an upgrade those datapoints still count.
 */
class RollupUpgradeTest {
    private static final AccountId ACCOUNT = AccountId.of("111111111111");
    private static final TenantId ACME = TenantId.of("acme");
    private static final Instant W0 = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path state;

    @Test
    void datapointsKeptInAWindowValueBeforeTheUpgradeStillCount() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                TenantscopeTopology.build(StreamsAppConfig.defaults(), new StreamsCounters(), 1), p, W0)) {
            pipe(
                    driver,
                    Topics.ACCOUNTS,
                    ACCOUNT.value(),
                    new AccountRegistration(
                            ACCOUNT,
                            ACME,
                            "",
                            "gold",
                            "prod",
                            AccountStatus.ACTIVE,
                            List.of("us-east-1"),
                            Instant.EPOCH));
            KeyValueStore<RollupWindowKey, RollupWindow> windows = driver.getKeyValueStore(Stores.ROLLUP_WINDOWS);
            RollupWindowKey key =
                    new RollupWindowKey(ACME, "AWS/Lambda", "Invocations", "us-east-1", W0.toEpochMilli());
            windows.put(key, new RollupWindow("gold", Map.of("legacy|a|1", 3.0, "legacy|b|2", 4.0), 0, false));

            pipe(
                    driver,
                    Topics.RAW_METRICS,
                    ACCOUNT.value(),
                    new MetricSample(
                            ACCOUNT,
                            "us-east-1",
                            "AWS/Lambda",
                            "Invocations",
                            Map.of(),
                            "Sum",
                            60,
                            W0.plusSeconds(120),
                            5));
            Instant settled = W0.plus(Duration.ofMinutes(5));
            Coverage covered = new Coverage("us-east-1", "AWS/Lambda", "Invocations", "Sum", W0, settled);
            pipe(
                    driver,
                    Topics.COLLECTOR_RUNS,
                    ACCOUNT.value(),
                    new CollectorRun(
                            ACCOUNT,
                            "c1",
                            settled,
                            100,
                            RunStatus.OK,
                            "",
                            1,
                            0,
                            Map.of(),
                            List.of(),
                            Money.usd("0"),
                            List.of(covered)));

            List<TenantMetricRollup> rollups = driver.createOutputTopic(
                            DerivedTopics.TENANT_METRICS_5M.name(),
                            DerivedTopics.TENANT_METRICS_5M.keySerde().deserializer(),
                            DerivedTopics.TENANT_METRICS_5M.valueSerde().deserializer())
                    .readValuesToList();
            assertThat(rollups).hasSize(1);
            assertThat(rollups.getFirst().count()).isEqualTo(3);
            assertThat(rollups.getFirst().sum()).isEqualTo(3 + 4 + 5);
            assertThat(windows.get(key).points())
                    .as("moved to the points store")
                    .isEmpty();
        }
    }

    private static <V> void pipe(TopologyTestDriver driver, Topic<String, V> topic, String key, V value) {
        driver.createInputTopic(
                        topic.name(),
                        topic.keySerde().serializer(),
                        topic.valueSerde().serializer())
                .pipeInput(key, value);
    }
}
