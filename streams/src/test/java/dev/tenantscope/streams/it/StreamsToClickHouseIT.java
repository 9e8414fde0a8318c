package dev.tenantscope.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.topic.JsonSerde;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.ClickHouseSink;
import dev.tenantscope.streams.StreamsApp;
import dev.tenantscope.streams.StreamsAppConfig;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real parts end to end: an in-process KRaft broker, the streams application (exactly_once_v2, RocksDB) and the
 * sink into embedded chDB. Expected totals come from {@link FleetData}, computed without the topology.
 */
class StreamsToClickHouseIT {
    // fewer than the default 12: a replayed backlog converges faster with fewer tasks
    private static final int PARTITIONS = 4;
    private static final Duration CONVERGE = Duration.ofSeconds(150);
    private static Path chdbDir;
    private static ChdbClickHouse chdb;

    @TempDir
    Path dir;

    private EmbeddedKafkaBroker broker;
    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void engine() throws Exception {
        chdbDir = Files.createTempDirectory("streams-it-chdb");
        chdb = ChdbClickHouse.open(chdbDir);
        Migrations.tenantscope().apply(chdb);
        System.out.println("[StreamsToClickHouseIT] backend: embedded KRaft broker + " + chdb.engine());
    }

    @AfterAll
    static void closeEngine() {
        chdb.close();
    }

    @BeforeEach
    void start() {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        for (String t : List.of(
                "cost_daily", "cost_month_close", "cost_restatements", "tenant_metrics", "alerts", "quota_usage")) {
            chdb.execute("TRUNCATE TABLE " + t);
        }
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, PARTITIONS, (short) 1, Duration.ofDays(7)).ensure(Topics.all());
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
        broker.close();
    }

    private static StreamsAppConfig config() {
        StreamsAppConfig d = StreamsAppConfig.defaults();
        return d.withApplicationId("it-streams")
                .withCost(d.cost().withReattributeEvery(Duration.ofSeconds(1)))
                .withSink(d.sink()
                        .withBatching(5_000, Duration.ofMillis(200))
                        .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .withStreamsProperties(Map.of("commit.interval.ms", "200"))
                .withTopicPartitions(PARTITIONS);
    }

    private StreamsApp app(StreamsAppConfig config) throws InterruptedException {
        StreamsApp app = StreamsApp.start(config, broker.bootstrapServers(), dir.resolve("state"));
        running.add(app);
        assertThat(app.awaitRunning(Duration.ofSeconds(60)))
                .as("streams app RUNNING")
                .isTrue();
        return app;
    }

    private ClickHouseSink sink(StreamsAppConfig config, ClickHouseSql sql) {
        ClickHouseSink sink = ClickHouseSink.start(config, broker.bootstrapServers(), sql);
        running.add(sink);
        return sink;
    }

    private void produce(List<FleetData.Raw> records) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (FleetData.Raw r : records) {
                producer.send(new ProducerRecord<>(r.topic(), r.key(), encode(r.value())));
            }
            producer.flush();
        }
    }

    @SuppressWarnings("unchecked")
    private static byte[] encode(Object value) {
        return JsonSerde.of((Class<Object>) value.getClass()).serialize(null, value);
    }

    private void register(List<AccountRegistration> regs) {
        produce(regs.stream()
                .map(r -> new FleetData.Raw(Topics.ACCOUNTS.name(), r.account().value(), r))
                .toList());
    }

    /**
     * Waits until the application has consumed every raw metric: stream time is per task, so closers produced
     * earlier could close a window before another task's samples for it arrive (and those would be late).
     */
    private void awaitRawMetricsConsumed(String applicationId) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new java.util.HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(
                        new org.apache.kafka.common.TopicPartition(Topics.RAW_METRICS.name(), p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            awaitTrue("raw metrics consumed", () -> {
                try {
                    var committed = admin.listConsumerGroupOffsets(applicationId)
                            .partitionsToOffsetAndMetadata()
                            .get();
                    return ends.entrySet().stream()
                            .allMatch(e -> committed.get(e.getKey()) != null
                                    && committed.get(e.getKey()).offset()
                                            >= e.getValue().offset());
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    private static Map<String, BigDecimal> actual(String groupExpr) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (Map<String, Object> row : chdb.rows("SELECT tenant_id || '|' || " + groupExpr
                + " AS k, toString(sum(amount)) AS total FROM cost_daily FINAL GROUP BY k HAVING sum(amount) != 0")) {
            out.put((String) row.get("k"), new BigDecimal((String) row.get("total")));
        }
        return out;
    }

    private static Map<String, BigDecimal> cents(Map<String, BigDecimal> m) {
        Map<String, BigDecimal> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (v.signum() != 0) {
                out.put(k, v.setScale(2, java.math.RoundingMode.HALF_EVEN));
            }
        });
        return out;
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(CONVERGE);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                System.out.println(
                        "[StreamsToClickHouseIT] " + what + " after " + Duration.between(start, Instant.now()));
                return;
            }
            Thread.sleep(500);
        }
    }

    private static void assertTotalsExact(FleetData fleet) throws InterruptedException {
        Map<String, BigDecimal> wantDay = cents(fleet.expectedTenantDay);
        Map<String, BigDecimal> wantMonth = cents(fleet.expectedTenantMonth);
        awaitTrue(
                "cost totals",
                () -> cents(actual("toString(day)")).equals(wantDay)
                        && cents(actual("formatDateTime(day, '%Y-%m')")).equals(wantMonth));
        assertThat(cents(actual("toString(day)"))).isEqualTo(wantDay);
        assertThat(cents(actual("formatDateTime(day, '%Y-%m')"))).isEqualTo(wantMonth);
        assertThat(actual("toString(day)")).noneSatisfy((k, v) -> assertThat(k).startsWith("unassigned|"));
    }

    @Test
    void perTenantDailyAndMonthlyCostEqualExpectedToTheCentIncludingRestatements() throws Exception {
        FleetData fleet = new FleetData(4, 2, 42);
        register(fleet.registrations);
        StreamsAppConfig config = config();
        StreamsApp app = app(config);
        ClickHouseSink sink = sink(config, chdb);
        produce(fleet.records);
        awaitRawMetricsConsumed(config.applicationId());
        produce(fleet.closers());
        register(List.of(fleet.late));

        assertTotalsExact(fleet);
        assertThat(app.counters().reattributedCostLines()).isPositive();
        List<Map<String, Object>> closes =
                chdb.rows("SELECT count() AS n FROM cost_month_close FINAL WHERE month = '2026-10-01'");
        assertThat(((Number) closes.getFirst().get("n")).longValue()).isPositive();
        List<Map<String, Object>> diffs =
                chdb.rows("SELECT count() AS n FROM cost_restatements FINAL WHERE delta != 0");
        assertThat(((Number) diffs.getFirst().get("n")).longValue()).isPositive();
        System.out.println("[StreamsToClickHouseIT] rows inserted " + sink.rowsInserted());
    }

    @Test
    void everyMetricSampleCountsOnceInTheFiveMinuteAndHourRollupsWithTheDefaultSettings() throws Exception {
        FleetData fleet = new FleetData(4, 2, 42);
        register(fleet.registrations);
        StreamsAppConfig config = config();
        app(config);
        sink(config, chdb);
        produce(fleet.records);
        produce(fleet.metricRecords()); // a restarted collector sends them all again
        awaitRawMetricsConsumed(config.applicationId());
        assertThat(metricRollups("5m"))
                .as("nothing is final before the collector's runs say so")
                .isEmpty();
        produce(fleet.closers());
        String want = fleet.expectedMetricSamples + "|" + fleet.expectedMetricSum + "|1";
        awaitTrue("5m and 1h rollups", () -> want.equals(metricRollups("5m")) && want.equals(metricRollups("1h")));
        assertThat(metricRollups("5m")).isEqualTo(want);
        assertThat(metricRollups("1h")).isEqualTo(want);
    }

    /** "count|sum|all complete" of the Invocations rollups of {@code window}; "" when there are none. */
    private static String metricRollups(String window) {
        Map<String, Object> row = chdb.rows(
                        "SELECT count() AS rows, toString(sum(count)) AS n, toString(sum(sum)) AS s,"
                                + " toString(min(complete)) AS c FROM tenant_metrics FINAL WHERE window = '" + window
                                + "' AND metric = 'Invocations'")
                .getFirst();
        return ((Number) row.get("rows")).longValue() == 0
                ? ""
                : row.get("n") + "|" + row.get("s") + "|" + row.get("c");
    }

    @Test
    void killingTheApplicationMidStreamAndRestartingLeavesTotalsExact() throws Exception {
        FleetData fleet = new FleetData(4, 2, 7);
        register(fleet.registrations);
        StreamsAppConfig config = config();
        StreamsApp first = app(config);
        ClickHouseSink firstSink = sink(config, chdb);
        int half = fleet.records.size() / 2;
        produce(fleet.records.subList(0, half));
        awaitTrue("some rows", () -> firstSink.rowsInserted() > 0);
        first.close(); // mid-stream: the second half is not produced yet, uncommitted work is aborted
        firstSink.close();
        running.remove(first);
        running.remove(firstSink);

        app(config);
        sink(config, chdb);
        produce(fleet.records.subList(half, fleet.records.size()));
        produce(fleet.closers());
        register(List.of(fleet.late));
        assertTotalsExact(fleet);
    }

    @Test
    void clickHouseOutageDuringTheRunLeavesTotalsExact() throws Exception {
        FleetData fleet = new FleetData(4, 2, 99);
        register(fleet.registrations);
        StreamsAppConfig config = config();
        FlakyClickHouse flaky = new FlakyClickHouse(chdb);
        app(config);
        ClickHouseSink sink = sink(config, flaky);
        flaky.down.set(true);
        produce(fleet.records);
        produce(fleet.closers());
        register(List.of(fleet.late));
        awaitTrue("failed inserts", () -> sink.insertFailures() >= 3);
        assertThat(sink.insertFailures()).isGreaterThanOrEqualTo(3);
        assertThat(sink.rowsInserted()).isZero();
        flaky.down.set(false);
        assertTotalsExact(fleet);
    }
}
