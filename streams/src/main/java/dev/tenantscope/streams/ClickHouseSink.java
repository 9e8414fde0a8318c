package dev.tenantscope.streams;

import dev.tenantscope.clickhouse.ClickHouseSql;
import dev.tenantscope.streams.internal.SinkLoop;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ClickHouse sink: one consumer (group {@code sink.groupId}) on the derived topics, inserting batches into the
 * V001 tables and committing offsets only after the insert succeeded (rows ClickHouse refuses, and records it
 * cannot decode, go to {@code tenantscope.dlq} instead of stalling every table). Reads committed records only, so aborted
 * transactions of the streams application never reach ClickHouse. Does not close the {@link ClickHouseSql}.
 */
public final class ClickHouseSink implements AutoCloseable {
    private final SinkLoop loop;
    private final Thread thread;

    private ClickHouseSink(SinkLoop loop) {
        this.loop = loop;
        this.thread =
                Thread.ofPlatform().name("tenantscope-clickhouse-sink").daemon().start(loop);
    }

    public static ClickHouseSink start(StreamsAppConfig config, String bootstrapServers, ClickHouseSql sql) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                config.sink().groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Math.max(500, config.sink().batchRows()),
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                64 * 1024 * 1024);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<String, byte[]> deadLetters = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.CLIENT_ID_CONFIG,
                        config.sink().groupId() + "-dead-letters"),
                new StringSerializer(),
                new ByteArraySerializer());
        return new ClickHouseSink(new SinkLoop(config.sink(), consumer, deadLetters, sql));
    }

    /** Rows inserted and committed so far. */
    public long rowsInserted() {
        return loop.rowsInserted();
    }

    /** Failed insert attempts (each retried). */
    public long insertFailures() {
        return loop.insertFailures();
    }

    /** Records on derived topics that could not be decoded (sent to the dead-letter topic, counted). */
    public long undecodable() {
        return loop.undecodable();
    }

    /** Rows ClickHouse refused as they were (sent to the dead-letter topic, counted); the rest went in. */
    public long refusedRows() {
        return loop.refusedRows();
    }

    /** Records on the derived topics not yet in ClickHouse (consumer lag plus what is buffered). */
    public long lag() {
        return loop.lag();
    }

    /** Flushes what is buffered (once) and stops. */
    @Override
    public void close() {
        loop.stop();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
