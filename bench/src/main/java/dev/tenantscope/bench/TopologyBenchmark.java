package dev.tenantscope.bench;

import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.Coverage;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.RunStatus;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.ClickHouseSink;
import dev.tenantscope.streams.StreamsApp;
import dev.tenantscope.streams.StreamsAppConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Raw metric samples on a real (in-process KRaft) broker → the streams topology (exactly_once_v2) → the sink →
 * rows in chDB. {@code records_per_s} is raw records divided by the time from the application running until every
 * sample is counted in ClickHouse's final 5-minute rollups; {@code raw_consume_per_s} is a plain consumer reading
 * the same topic (bytes only) in the same run, the ceiling the topology is measured against.
 */
public final class TopologyBenchmark implements Benchmark {
    @Override
    public String name() {
        return "topology";
    }

    @Override
    public String description() {
        return "raw topic → topology → ClickHouse rows per second, next to the raw consume rate of the same topic";
    }

    @Override
    public Map<String, Number> run(Map<String, String> options, PrintStream out) throws Exception {
        int records = Integer.parseInt(options.getOrDefault("records", "1000000"));
        int accounts = Integer.parseInt(options.getOrDefault("accounts", "1000"));
        int tenants = Integer.parseInt(options.getOrDefault("tenants", "100"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
        Path work = Files.createTempDirectory("tenantscope-bench-topology");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"));
                ChdbClickHouse chdb = ChdbClickHouse.open(work.resolve("chdb"))) {
            Migrations.tenantscope().apply(chdb);
            out.printf(
                    "broker %s, %s; %,d samples from %,d accounts of %,d tenants%n",
                    broker.bootstrapServers(), chdb.engine(), records, accounts, tenants);
            // the shared kafka.topics settings every role provisions with (partitions: --partitions overrides)
            StreamsAppConfig defaults = StreamsAppConfig.defaults();
            int partitions = Integer.parseInt(options.getOrDefault(
                    "partitions", String.valueOf(defaults.kafka().topics().partitions())));
            var topics = defaults.kafka().topics().withPartitions(partitions);
            try (Admin admin = broker.admin()) {
                new TopicProvisioner(admin, topics.partitions(), topics.replicationFactor(), topics.retention())
                        .ensure(Topics.all());
            }
            produce(broker.bootstrapServers(), records, accounts, tenants, out);

            double rawPerS = rawConsume(broker.bootstrapServers(), records);
            out.printf("raw consume: %,.0f records/s%n", rawPerS);

            StreamsAppConfig config = defaults.withApplicationId("bench-topology")
                    .withTopicPartitions(partitions)
                    .withStreamsProperties(Map.of(
                            "num.stream.threads", String.valueOf(threads),
                            "commit.interval.ms", "1000",
                            "producer.linger.ms", "20",
                            "producer.batch.size", String.valueOf(512 * 1024),
                            "max.poll.records", "5000"));
            try (StreamsApp app = StreamsApp.start(config, broker.bootstrapServers(), work.resolve("state"));
                    ClickHouseSink sink = ClickHouseSink.start(config, broker.bootstrapServers(), chdb)) {
                if (!app.awaitRunning(Duration.ofSeconds(120))) {
                    throw new IllegalStateException("streams application did not reach RUNNING: " + app.state());
                }
                long start = System.nanoTime();
                awaitConsumed(broker.bootstrapServers(), config.applicationId(), partitions);
                produceClosers(broker.bootstrapServers(), accounts);
                long counted = 0;
                Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
                while (counted < records && Instant.now().isBefore(deadline)) {
                    Thread.sleep(250);
                    Number n =
                            (Number) chdb.rows("SELECT sum(count) AS n FROM tenant_metrics FINAL WHERE window = '5m'")
                                    .getFirst()
                                    .get("n");
                    counted = n == null ? 0 : n.longValue();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (counted != records) {
                    throw new IllegalStateException(
                            "only " + counted + " of " + records + " samples reached ClickHouse");
                }
                double perS = records / seconds;
                out.printf(
                        "end to end: %,d samples in %.1f s = %,.0f records/s (%,d rows inserted)%n",
                        records, seconds, perS, sink.rowsInserted());
                Map<String, Number> figures = new LinkedHashMap<>();
                figures.put("records_per_s", Math.round(perS));
                figures.put("raw_consume_per_s", Math.round(rawPerS));
                figures.put("ratio_to_raw_consume", Math.round(perS / rawPerS * 1000) / 1000.0);
                figures.put("elapsed_s", Math.round(seconds * 10) / 10.0);
                return figures;
            }
        }
    }

    /**
     * Samples with increasing timestamps over ~2 hours so windows close as the run goes, then one closer per
     * account a day later (same grouping key) so every data window is final.
     */
    private static void produce(String bootstrap, int records, int accounts, int tenants, PrintStream out) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4");
        Instant t0 = Instant.parse("2026-11-02T00:00:00Z");
        long spanMs = Duration.ofHours(2).toMillis();
        long begin = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<AccountId> ids = new ArrayList<>();
            for (int a = 0; a < accounts; a++) {
                AccountId id = AccountId.of(String.format("%012d", 200_000_000_000L + a));
                ids.add(id);
                AccountRegistration reg = new AccountRegistration(
                        id,
                        TenantId.of("tenant-" + (a % tenants)),
                        "",
                        a % 3 == 0 ? "gold" : "silver",
                        "prod",
                        AccountStatus.ACTIVE,
                        List.of("us-east-1"),
                        Instant.EPOCH);
                producer.send(new ProducerRecord<>(
                        Topics.ACCOUNTS.name(),
                        id.value(),
                        Topics.ACCOUNTS.valueSerde().serializer().serialize(Topics.ACCOUNTS.name(), reg)));
            }
            producer.flush();
            for (int i = 0; i < records; i++) {
                AccountId id = ids.get(i % accounts);
                MetricSample s = new MetricSample(
                        id,
                        "us-east-1",
                        "AWS/Lambda",
                        i % 2 == 0 ? "Invocations" : "Errors",
                        Map.of("FunctionName", "fn-" + (i % 7)),
                        "Sum",
                        60,
                        t0.plusMillis(spanMs * i / records),
                        i % 100);
                producer.send(new ProducerRecord<>(
                        Topics.RAW_METRICS.name(),
                        id.value(),
                        Topics.RAW_METRICS.valueSerde().serializer().serialize(Topics.RAW_METRICS.name(), s)));
            }
            producer.flush();
        }
        out.printf("produced in %.1f s%n", (System.nanoTime() - begin) / 1e9);
    }

    /**
     * One collector run per account whose coverage settles both metrics past the backlog, so every data window
     * becomes final. Produced once the application has consumed the data, so the figure is the rollups' own
     * throughput (a run processed before its samples would only make their windows re-emitted).
     */
    private static void produceClosers(String bootstrap, int accounts) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Instant t0 = Instant.parse("2026-11-02T00:00:00Z");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            Instant settled = t0.plus(Duration.ofHours(3));
            for (int a = 0; a < accounts; a++) {
                AccountId id = AccountId.of(String.format("%012d", 200_000_000_000L + a));
                List<Coverage> coverage = List.of("Invocations", "Errors").stream()
                        .map(metric -> new Coverage("us-east-1", "AWS/Lambda", metric, "Sum", t0, settled))
                        .toList();
                CollectorRun run = new CollectorRun(
                        id, "bench", settled, 1, RunStatus.OK, "", 0, 0, Map.of(), List.of(), Money.usd("0"), coverage);
                producer.send(new ProducerRecord<>(
                        Topics.COLLECTOR_RUNS.name(),
                        id.value(),
                        Topics.COLLECTOR_RUNS.valueSerde().serializer().serialize(Topics.COLLECTOR_RUNS.name(), run)));
            }
            producer.flush();
        }
    }

    private static void awaitConsumed(String bootstrap, String group, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(Topics.RAW_METRICS.name(), p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
            while (Instant.now().isBefore(deadline)) {
                var committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                if (ends.entrySet().stream()
                        .allMatch(e -> committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset()
                                        >= e.getValue().offset())) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("streams application did not consume the raw topic in 15 minutes");
        }
    }

    private static double rawConsume(String bootstrap, long expected) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-raw-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RAW_METRICS.name()));
            long seen = 0;
            long start = 0;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (seen < expected && Instant.now().isBefore(deadline)) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                if (start == 0 && !batch.isEmpty()) {
                    start = System.nanoTime(); // from the first record: group join is not consume time
                }
                seen += batch.count();
            }
            return seen / ((System.nanoTime() - start) / 1e9);
        }
    }
}
