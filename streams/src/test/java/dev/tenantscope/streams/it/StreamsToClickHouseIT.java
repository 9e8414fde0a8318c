package dev.tenantscope.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.rollup.TenantCollectorRun;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.JsonSerde;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.ClickHouseSink;
import dev.tenantscope.streams.StreamsApp;
import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.internal.DeadLetterHandler;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
 * sink into embedded chDB, all on the production defaults (only the application id differs). Expected values come
 * from {@link FleetData}, computed without the topology.
 */
class StreamsToClickHouseIT {
    /** The production default (kafka.topics.partitions), so the topology meets the partition count it will. */
    private static final int PARTITIONS = config().kafka().topics().partitions();

    private static final Duration CONVERGE = Duration.ofSeconds(180);
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
                "cost_daily",
                "cost_month_close",
                "cost_restatements",
                "tenant_metrics",
                "alerts",
                "quota_usage",
                "collector_runs")) {
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

    /** The production defaults; {@link StreamsChild} runs the same. */
    static StreamsAppConfig config() {
        return StreamsAppConfig.defaults().withApplicationId("it-streams");
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
                    // a partition no account hashes to has nothing to consume, and no committed offset
                    return ends.entrySet().stream()
                            .allMatch(e -> e.getValue().offset() == 0
                                    || (committed.get(e.getKey()) != null
                                            && committed.get(e.getKey()).offset()
                                                    >= e.getValue().offset()));
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

    /** Polls until {@code condition} holds; fails the test when it has not within {@link #CONVERGE}. */
    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        if (!poll(what, condition)) {
            throw new AssertionError("timed out after " + CONVERGE + " waiting for " + what);
        }
    }

    /** Polls until {@code condition} holds; false when it has not within {@link #CONVERGE}. */
    private static boolean poll(String what, BooleanSupplier condition) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(CONVERGE);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                System.out.println(
                        "[StreamsToClickHouseIT] " + what + " after " + Duration.between(start, Instant.now()));
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /**
     * Every cost line in ClickHouse equals the expected one and no other line has a non-zero amount (output → truth
     * and truth → output); then the per-tenant day and month totals. A retracted line (the "unassigned" one of an
     * account registered late) is kept at zero, so zero lines are not compared.
     */
    private static void assertTotalsExact(FleetData fleet) throws InterruptedException {
        Map<String, BigDecimal> wantLines = micros(fleet.expectedLines);
        Map<String, BigDecimal> wantDay = cents(fleet.expectedTenantDay);
        Map<String, BigDecimal> wantMonth = cents(fleet.expectedTenantMonth);
        boolean settled = poll("cost lines", () -> actualLines().equals(wantLines));
        Map<String, BigDecimal> got = actualLines();
        if (!settled) {
            Map<String, String> diff = new TreeMap<>();
            wantLines.forEach((k, v) -> {
                if (!v.equals(got.get(k))) {
                    diff.put(k, "expected " + v + ", got " + got.get(k));
                }
            });
            got.forEach((k, v) -> diff.putIfAbsent(k, wantLines.containsKey(k) ? "" : "unexpected " + v));
            diff.values().removeIf(String::isEmpty);
            System.out.println("[StreamsToClickHouseIT] cost lines differ after " + CONVERGE + ": " + diff);
        }
        assertThat(got.keySet()).as("lines in ClickHouse that are not expected").containsAll(wantLines.keySet());
        assertThat(wantLines.keySet())
                .as("expected lines missing from ClickHouse")
                .containsAll(got.keySet());
        assertThat(got).isEqualTo(wantLines);
        assertThat(settled).as("cost lines settled within " + CONVERGE).isTrue();
        assertThat(cents(actual("toString(day)"))).isEqualTo(wantDay);
        assertThat(cents(actual("formatDateTime(day, '%Y-%m')"))).isEqualTo(wantMonth);
        assertThat(actual("toString(day)")).noneSatisfy((k, v) -> assertThat(k).startsWith("unassigned|"));
    }

    /** tenant|account|day|service → amount of every line of cost_daily whose amount is not zero. */
    private static Map<String, BigDecimal> actualLines() {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (Map<String, Object> row : chdb.rows("SELECT tenant_id || '|' || account_id || '|' || toString(day) || '|'"
                + " || service AS k, toString(sum(amount)) AS total FROM cost_daily FINAL GROUP BY k"
                + " HAVING sum(amount) != 0")) {
            out.put((String) row.get("k"), new BigDecimal((String) row.get("total")).setScale(6));
        }
        return out;
    }

    private static Map<String, BigDecimal> micros(Map<String, BigDecimal> m) {
        Map<String, BigDecimal> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.setScale(6)));
        return out;
    }

    @Test
    void perTenantDailyAndMonthlyCostEqualExpectedToTheCentIncludingRestatements() throws Exception {
        FleetData fleet = new FleetData(4, 2, 42);
        assertThat(fleet.producedOutOfOrder)
                .as("some restatements arrive before the lines they replace")
                .isPositive();
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
        Path stateDir = dir.resolve("state");
        Process first = StreamsChild.start(broker.bootstrapServers(), stateDir, dir.resolve("first-streams.log"));
        running.add(first::destroyForcibly);
        ClickHouseSink sink = sink(config, chdb);
        int half = fleet.records.size() / 2;
        produce(fleet.records.subList(0, half));
        // the sink reads committed records only: rows prove the first process ran and committed transactions
        awaitTrue("rows committed by the first process", () -> sink.rowsInserted() > 0 || !first.isAlive());
        assertThat(first.isAlive())
                .as("the first streams process is running (its log: %s)", dir.resolve("first-streams.log"))
                .isTrue();
        long committedBeforeKill = sink.rowsInserted();
        produce(fleet.records.subList(half, fleet.records.size()));
        first.destroyForcibly().waitFor(); // SIGKILL mid-stream: open transactions are neither committed nor aborted
        System.out.println("[StreamsToClickHouseIT] streams process killed (SIGKILL, exit " + first.exitValue()
                + ") after " + committedBeforeKill + " committed rows reached ClickHouse");

        app(config); // same state directory, as a restarted pod with its volume
        produce(fleet.closers());
        register(List.of(fleet.late));
        assertTotalsExact(fleet);
    }

    @Test
    void poisonPillGoesToTheDeadLetterTopicOnceUnderExactlyOnceAndProcessingContinues() throws Exception {
        FleetData fleet = new FleetData(1, 1, 5);
        register(fleet.registrations);
        StreamsAppConfig config = config();
        StreamsApp app = app(config);
        sink(config, chdb);
        String account = fleet.registrations.getFirst().account().value();
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                    Topics.RAW_COST.name(), account, "{not json".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        produce(List.of(new FleetData.Raw(
                Topics.RAW_COST.name(),
                account,
                new CostLine(
                        fleet.registrations.getFirst().account(),
                        LocalDate.parse("2026-11-01"),
                        "Amazon EC2",
                        "",
                        Money.usd("1.25"),
                        true,
                        Instant.parse("2026-11-02T06:00:00Z")))));

        awaitTrue(
                "the line after the poison pill in ClickHouse",
                () -> actualLines()
                        .equals(Map.of("tenant-0|" + account + "|2026-11-01|Amazon EC2", new BigDecimal("1.250000"))));
        List<ConsumerRecord<byte[], byte[]>> dead = committedDeadLetters();
        assertThat(dead).as("dead letters a read_committed consumer sees").hasSize(1);
        assertThat(new String(dead.getFirst().value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(new String(dead.getFirst().key(), StandardCharsets.UTF_8)).isEqualTo(account);
        Map<String, String> headers = new TreeMap<>();
        dead.getFirst().headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        assertThat(headers)
                .containsEntry(DeadLetterHandler.HEADER_TOPIC, Topics.RAW_COST.name())
                .containsKey(DeadLetterHandler.HEADER_PARTITION)
                .containsEntry(DeadLetterHandler.HEADER_OFFSET, "0");
        assertThat(headers.get(DeadLetterHandler.HEADER_ERROR)).contains("not JSON");
        assertThat(app.counters().deadLetters()).isEqualTo(1);
    }

    @Test
    void aRowClickHouseRefusesGoesToTheDeadLetterTopicAndTheRestGoesIn() throws Exception {
        StreamsAppConfig config = config();
        ClickHouseSink sink = sink(config, chdb);
        // api_spend is Decimal(18, 6): ClickHouse refuses $10^13 (ARGUMENT_OUT_OF_BOUND) — a value the encoder
        // passes, the way an overflowed forecast time once was refused and stalled every table behind it
        List<FleetData.Raw> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runs.add(run(i, i == 2 ? "10000000000000" : "0.000123"));
        }
        produce(runs);

        awaitTrue("the four rows ClickHouse accepts", () -> runStarts().size() == 4);
        assertThat(runStarts()).containsExactlyInAnyOrder(0L, 1L, 3L, 4L);
        assertThat(sink.refusedRows()).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> dead = committedDeadLetters();
        assertThat(dead).as("dead letters").hasSize(1);
        assertThat(new String(dead.getFirst().key(), StandardCharsets.UTF_8)).isEqualTo("run-2");
        assertThat(dead.getFirst().value()).isEqualTo(encode(runs.get(2).value()));
        Map<String, String> headers = new TreeMap<>();
        dead.getFirst().headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        assertThat(headers)
                .containsEntry(DeadLetterHandler.HEADER_TOPIC, DerivedTopics.TENANT_COLLECTOR_RUNS.name())
                .containsEntry("tenantscope.dlq.table", "collector_runs")
                .containsKey(DeadLetterHandler.HEADER_OFFSET);
        assertThat(headers.get(DeadLetterHandler.HEADER_ERROR)).contains("ARGUMENT_OUT_OF_BOUND");

        // the sink carries on: a later row goes in, and the refused one is not retried
        produce(List.of(run(5, "0.000123")));
        awaitTrue("a row produced after the refused one", () -> runStarts().contains(5L));
        assertThat(sink.refusedRows()).isEqualTo(1);
    }

    /** A tenant collector run started {@code minute} minutes after 10:00, with this API spend. */
    private static FleetData.Raw run(int minute, String spend) {
        dev.tenantscope.model.AccountId account = dev.tenantscope.model.AccountId.of("100000000000");
        CollectorRun run = FleetData.okRun(
                account, Instant.parse("2026-11-02T10:00:00Z").plus(Duration.ofMinutes(minute)), Money.usd(spend));
        return new FleetData.Raw(
                DerivedTopics.TENANT_COLLECTOR_RUNS.name(),
                "run-" + minute,
                new TenantCollectorRun(dev.tenantscope.model.TenantId.of("tenant-0"), run, 1));
    }

    /** Minutes after 10:00 of the runs in ClickHouse. */
    private static List<Long> runStarts() {
        return chdb
                .rows("SELECT DISTINCT toInt64(dateDiff('minute', toDateTime64('2026-11-02 10:00:00', 3, 'UTC'),"
                        + " started_at)) AS m FROM collector_runs")
                .stream()
                .map(r -> ((Number) r.get("m")).longValue())
                .toList();
    }

    /** Everything on the DLQ as a read_committed consumer sees it: polls until a quiet second after the last. */
    private List<ConsumerRecord<byte[], byte[]>> committedDeadLetters() {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-reader",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DLQ.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline
                    && (out.isEmpty()
                            || System.nanoTime() - quietSince
                                    < Duration.ofSeconds(2).toNanos())) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r);
                    quietSince = System.nanoTime();
                }
            }
        }
        return out;
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
