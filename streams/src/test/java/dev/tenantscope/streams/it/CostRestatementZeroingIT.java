package dev.tenantscope.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantscope.clickhouse.ChdbClickHouse;
import dev.tenantscope.clickhouse.Migrations;
import dev.tenantscope.clickhouse.schema.CostColumns;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.CostPullCompleted;
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
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restatement zeroing on the real parts (KRaft broker, streams with exactly_once_v2 and RocksDB, sink into chDB):
 * a second pull that lacks a line the first pull had zeroes it in ClickHouse, a pull whose completion is produced
 * before its own lines keeps them, and every basis and record type lands in cost_daily — and in cost_monthly, whose
 * tenant-months the sink recomputes.
 */
class CostRestatementZeroingIT {
    private static final int PARTITIONS = 2;
    private static final AccountId A1 = AccountId.of("100000000001");
    private static final AccountId A2 = AccountId.of("100000000002");
    private static final Instant PULL_1 = Instant.parse("2026-11-02T06:00:00Z");
    private static final Instant PULL_2 = Instant.parse("2026-11-03T06:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-11-01");

    @TempDir
    Path dir;

    @Test
    void aGroupMissingFromARestatedPullIsZeroedAndTheSamePullsLinesAlwaysWin() throws Exception {
        Path chdbDir = Files.createTempDirectory("zeroing-it-chdb");
        try (ChdbClickHouse chdb = ChdbClickHouse.open(chdbDir);
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
            Migrations.tenantscope().apply(chdb);
            System.out.println("[CostRestatementZeroingIT] backend: embedded KRaft broker + " + chdb.engine());
            try (Admin admin = broker.admin()) {
                new TopicProvisioner(admin, PARTITIONS, (short) 1, Duration.ofDays(7)).ensure(Topics.all());
            }
            StreamsAppConfig d = StreamsAppConfig.defaults();
            StreamsAppConfig config = d.withApplicationId("it-zeroing")
                    .withSink(d.sink().withBatching(1_000, Duration.ofMillis(200)))
                    .withStreamsProperties(Map.of("commit.interval.ms", "200"))
                    .withTopicPartitions(PARTITIONS);
            try (StreamsApp app = StreamsApp.start(config, broker.bootstrapServers(), dir.resolve("state"));
                    ClickHouseSink sink = ClickHouseSink.start(config, broker.bootstrapServers(), chdb);
                    KafkaProducer<String, byte[]> producer = producer(broker)) {
                assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
                send(producer, Topics.ACCOUNTS.name(), A1, registration(A1, "acme"));
                send(producer, Topics.ACCOUNTS.name(), A2, registration(A2, "globex"));
                producer.flush();
                Thread.sleep(1_000); // the registry is a global table: let it see both accounts first

                // pull 1: both accounts, every basis, a Savings Plan covered line and a credit
                send(
                        producer,
                        A1,
                        line(A1, "Amazon EC2", "SavingsPlanCoveredUsage", amounts("10", "10", "4", "4"), PULL_1));
                send(producer, A1, line(A1, "AWS Lambda", "Usage", amounts("2", "2", "2", "2"), PULL_1));
                send(producer, A1, line(A1, "Amazon EC2", "Credit", amounts("-1", "-1", "-1", "-1"), PULL_1));
                pull(producer, A1, PULL_1);
                send(producer, A2, line(A2, "Amazon S3", "Usage", amounts("3", "3", "3", "3"), PULL_1));
                pull(producer, A2, PULL_1);
                // pull 2: A1's restated day no longer has Lambda; A2's completion arrives before its lines
                send(
                        producer,
                        A1,
                        line(A1, "Amazon EC2", "SavingsPlanCoveredUsage", amounts("11", "11", "5", "5"), PULL_2));
                send(producer, A1, line(A1, "Amazon EC2", "Credit", amounts("-1", "-1", "-1", "-1"), PULL_2));
                pull(producer, A2, PULL_2);
                send(producer, A2, line(A2, "Amazon S3", "Usage", amounts("3.5", "3.5", "3.5", "3.5"), PULL_2));
                pull(producer, A1, PULL_2);
                producer.flush();

                Map<String, BigDecimal> want = new TreeMap<>(Map.of(
                        "acme|unblended", new BigDecimal("10.00"), // 11 - 1, Lambda zeroed
                        "acme|netAmortized", new BigDecimal("4.00"), // 5 - 1
                        "globex|unblended", new BigDecimal("3.50"),
                        "globex|netAmortized", new BigDecimal("3.50")));
                Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
                Map<String, BigDecimal> got = totals(chdb, "cost_daily");
                Map<String, BigDecimal> monthly = totals(chdb, "cost_monthly");
                while (!(got.equals(want) && monthly.equals(want))
                        && Instant.now().isBefore(deadline)) {
                    Thread.sleep(500);
                    got = totals(chdb, "cost_daily");
                    monthly = totals(chdb, "cost_monthly");
                }
                assertThat(got).isEqualTo(want);
                // the monthly pre-aggregate the API reads, recomputed by the sink: restated and zeroed, not summed
                assertThat(monthly).as("cost_monthly").isEqualTo(want);
                List<Map<String, Object>> lambda = chdb.rows(
                        "SELECT toString(amount) AS a FROM cost_daily FINAL" + " WHERE service = 'AWS Lambda'");
                assertThat(lambda)
                        .singleElement()
                        .satisfies(r ->
                                assertThat(new BigDecimal((String) r.get("a"))).isEqualByComparingTo("0"));
                List<Map<String, Object>> categories = chdb.rows("SELECT record_type, category FROM cost_daily FINAL"
                        + " WHERE tenant_id = 'acme' AND service = 'Amazon EC2' ORDER BY record_type");
                assertThat(categories)
                        .extracting(r -> r.get("record_type") + "/" + r.get("category"))
                        .containsExactly("Credit/credit", "SavingsPlanCoveredUsage/workload");
                // Lambda, plus any line of pull 2 whose completion was read first (same timestamp: either order)
                assertThat(app.counters().zeroedCostLines()).isBetween(1L, 4L);
            }
        }
    }

    /** tenant|basis → sum over a cost table (cost_daily or cost_monthly), to the cent. */
    private static Map<String, BigDecimal> totals(ChdbClickHouse chdb, String table) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (CostBasis b : List.of(CostBasis.UNBLENDED, CostBasis.NET_AMORTIZED)) {
            for (Map<String, Object> r : chdb.rows("SELECT tenant_id, toString(sum(" + CostColumns.amount(b)
                    + ")) AS v FROM " + table + " FINAL GROUP BY tenant_id")) {
                out.put(
                        r.get("tenant_id") + "|" + b.apiName(),
                        new BigDecimal((String) r.get("v")).setScale(2, java.math.RoundingMode.HALF_EVEN));
            }
        }
        return out;
    }

    /** unblended, netUnblended, amortized, netAmortized (blended = unblended). */
    private static CostAmounts amounts(String u, String nu, String a, String na) {
        return new CostAmounts(Money.usd(u), Money.usd(nu), Money.usd(a), Money.usd(na), Money.usd(u));
    }

    private static CostLine line(AccountId a, String service, String recordType, CostAmounts amounts, Instant at) {
        return new CostLine(a, DAY, service, "", recordType, amounts, false, at);
    }

    private static AccountRegistration registration(AccountId a, String tenant) {
        return new AccountRegistration(
                a, TenantId.of(tenant), "", "gold", "prod", AccountStatus.ACTIVE, List.of("us-east-1"), Instant.EPOCH);
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafkaBroker broker) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> p, AccountId a, CostLine line) {
        send(p, Topics.RAW_COST.name(), a, line);
    }

    private static void pull(KafkaProducer<String, byte[]> p, AccountId a, Instant at) {
        send(p, Topics.RAW_COST_PULLS.name(), a, new CostPullCompleted(a, DAY.minusDays(14), DAY.plusDays(1), at));
    }

    @SuppressWarnings("unchecked")
    private static void send(KafkaProducer<String, byte[]> p, String topic, AccountId a, Object value) {
        p.send(new ProducerRecord<>(
                topic, a.value(), JsonSerde.of((Class<Object>) value.getClass()).serialize(topic, value)));
    }
}
