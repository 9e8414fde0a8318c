package dev.tenantscope.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.ClickHouseSink;
import dev.tenantscope.streams.StreamsAppConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once through a real crash: the streams role runs in its own JVM, is killed with SIGKILL mid-stream
 * and started again; the per-tenant cost in ClickHouse still equals the latest restated value of every line.
 */
class StreamsCrashIT {
    private static final int ACCOUNTS = 12;
    private static final int DAYS = 20;
    private static final List<String> SERVICES =
            List.of("AWS Lambda", "Amazon DynamoDB", "AWS CloudTrail", "AWS Config", "Amazon EventBridge");
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void killingTheStreamsProcessMidStreamAndRestartingLeavesTotalsExact() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
                ClickHouseSql clickhouse = ChdbClickHouse.open(dir.resolve("clickhouse"));
                Stack started = new Stack()) {
            System.out.println("[backend] streams role in a child JVM (SIGKILL), KRaft " + broker.bootstrapServers()
                    + ", " + clickhouse.engine());
            Migrations.tenantscope().apply(clickhouse);
            StreamsAppConfig config = StreamsAppConfig.defaults();
            try (Admin admin = broker.admin()) {
                // the production partition count, as the streams role would create them
                new TopicProvisioner(admin, config.kafka().topics().partitions(), (short) 1, Duration.ofDays(7))
                        .ensure(Topics.all());
            }
            Map<String, BigDecimal> expected = produceFleet(broker.bootstrapServers(), 0, 2);
            long firstBatch = rawCostEnd(broker);

            Process first = streamsProcess(broker.bootstrapServers());
            started.add(first::destroyForcibly);
            // the first process must have run and committed: its group's offsets cover the first batch
            awaitTrue(
                    "the first streams process to commit the first batch (log in " + dir + ")",
                    () -> !first.isAlive() || committedRawCost(broker, config.applicationId()) >= firstBatch);
            assertThat(first.isAlive())
                    .as("the first streams process is running (log in %s)", dir)
                    .isTrue();
            produceFleet(broker.bootstrapServers(), 2, 4).forEach(expected::put);
            long committedAtKill = committedRawCost(broker, config.applicationId());
            first.destroyForcibly().waitFor(); // mid-stream: the second batch is being processed
            System.out.println("[crash] streams process killed (SIGKILL) mid-stream, exit " + first.exitValue()
                    + "; it had committed " + committedAtKill + " of " + rawCostEnd(broker) + " raw cost records");

            Process second = streamsProcess(broker.bootstrapServers());
            started.add(second::destroy);
            started.add(ClickHouseSink.start(config, broker.bootstrapServers(), clickhouse));

            awaitTrue(
                    "ClickHouse cost to equal the latest value of every line",
                    () -> expected.equals(actual(clickhouse)));
            assertThat(actual(clickhouse)).isEqualTo(expected);
        }
    }

    /**
     * Produces the registrations and versions {@code from..to-1} of every cost line (each version restates the
     * previous one); returns the expected per-tenant total after the last version.
     */
    private static Map<String, BigDecimal> produceFleet(String bootstrap, int from, int to) throws Exception {
        Map<String, BigDecimal> latest = new HashMap<>();
        Map<String, BigDecimal> perTenant = new TreeMap<>();
        Instant retrieved = Instant.parse("2026-11-21T00:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                (topic, value) -> (byte[]) value)) {
            for (int a = 0; a < ACCOUNTS; a++) {
                AccountId account = account(a);
                TenantId tenant = TenantId.of("tenant-" + (a % 4));
                producer.send(new ProducerRecord<>(
                        Topics.ACCOUNTS.name(),
                        account.value(),
                        Topics.ACCOUNTS
                                .valueSerde()
                                .serializer()
                                .serialize(
                                        Topics.ACCOUNTS.name(),
                                        new AccountRegistration(
                                                account,
                                                tenant,
                                                "",
                                                "standard",
                                                "prod",
                                                AccountStatus.ACTIVE,
                                                List.of("us-east-1"),
                                                Instant.EPOCH))));
            }
            producer.flush();
            for (int version = from; version < to; version++) {
                for (int a = 0; a < ACCOUNTS; a++) {
                    for (int d = 0; d < DAYS; d++) {
                        for (String service : SERVICES) {
                            BigDecimal amount = amount(a, d, service, version);
                            CostLine line = new CostLine(
                                    account(a),
                                    LocalDate.parse("2026-11-01").plusDays(d),
                                    service,
                                    "",
                                    Money.usd(amount),
                                    version < 3,
                                    retrieved.plusSeconds(3600L * version));
                            producer.send(new ProducerRecord<>(
                                    Topics.RAW_COST.name(),
                                    line.account().value(),
                                    Topics.RAW_COST.valueSerde().serializer().serialize(Topics.RAW_COST.name(), line)));
                            latest.put(a + "|" + d + "|" + service, amount);
                        }
                    }
                }
            }
            producer.flush();
        }
        latest.forEach((key, amount) -> perTenant.merge(
                "tenant-" + (Integer.parseInt(key.substring(0, key.indexOf('|'))) % 4), amount, BigDecimal::add));
        perTenant.replaceAll((t, v) -> v.setScale(6));
        return perTenant;
    }

    /** Records on the raw cost topic, over its partitions. */
    private static long rawCostEnd(EmbeddedKafkaBroker broker) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            int partitions = admin.describeTopics(List.of(Topics.RAW_COST.name()))
                    .allTopicNames()
                    .get()
                    .get(Topics.RAW_COST.name())
                    .partitions()
                    .size();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(Topics.RAW_COST.name(), p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        }
    }

    /** Raw cost records the streams application has committed (exactly-once: with its transactions). */
    private static long committedRawCost(EmbeddedKafkaBroker broker, String applicationId) {
        try (Admin admin = broker.admin()) {
            return admin
                    .listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .entrySet()
                    .stream()
                    .filter(e -> e.getKey().topic().equals(Topics.RAW_COST.name()) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        } catch (Exception e) {
            return 0; // the group does not exist yet
        }
    }

    private static AccountId account(int a) {
        return AccountId.of(String.format("%012d", 200_000_000_000L + a));
    }

    private static BigDecimal amount(int a, int d, String service, int version) {
        Random random = new Random(31L * a + 17L * d + service.hashCode() + 1_000_003L * version);
        return BigDecimal.valueOf(random.nextInt(1_000_000_000), 6).subtract(BigDecimal.valueOf(50));
    }

    private static Map<String, BigDecimal> actual(ClickHouseSql sql) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (Map<String, Object> row :
                sql.rows("SELECT tenant_id, toString(sum(amount)) AS total FROM cost_daily FINAL GROUP BY tenant_id")) {
            out.put((String) row.get("tenant_id"), new BigDecimal((String) row.get("total")).setScale(6));
        }
        return out;
    }

    /** The streams role of the launcher in its own JVM: topology only, the sink runs in this test. */
    private Process streamsProcess(String bootstrap) throws Exception {
        return StreamsChildProcess.start(dir, bootstrap, "streams-data");
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
