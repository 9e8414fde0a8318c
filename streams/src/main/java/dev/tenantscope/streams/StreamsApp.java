package dev.tenantscope.streams;

import dev.tenantscope.model.topic.TopicProvisioner;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.internal.DeadLetterHandler;
import dev.tenantscope.streams.internal.EventTimeExtractor;
import dev.tenantscope.streams.internal.StreamsCounters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/** The running streams application: exactly_once_v2, DLQ for poison pills, topics provisioned if missing. */
public final class StreamsApp implements AutoCloseable {
    /** Partitions for topics this application creates when missing (raw topics must match: co-partitioning). */
    public static final int DEFAULT_PARTITIONS = 4;

    private final KafkaStreams streams;
    private final StreamsCounters counters;

    private StreamsApp(KafkaStreams streams, StreamsCounters counters) {
        this.streams = streams;
        this.counters = counters;
    }

    public static StreamsApp start(StreamsAppConfig config, String bootstrapServers, Path stateDir) {
        int accountPartitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicProvisioner(admin, DEFAULT_PARTITIONS, (short) 1).ensure(Topics.all());
            accountPartitions = partitionsOf(admin, Topics.COLLECTOR_RUNS.name());
        }
        StreamsCounters counters = new StreamsCounters();
        KafkaStreams streams = new KafkaStreams(
                TenantscopeTopology.build(config, counters, accountPartitions),
                properties(config, bootstrapServers, stateDir, counters));
        streams.start();
        return new StreamsApp(streams, counters);
    }

    private static int partitionsOf(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        }
    }

    static Properties properties(StreamsAppConfig config, String bootstrap, Path stateDir, StreamsCounters counters) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, EventTimeExtractor.class);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        p.put(StreamsCounters.CONFIG_KEY, counters);
        p.putAll(config.streamsProperties());
        return p;
    }

    public StreamsCounters counters() {
        return counters;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Waits until the application is RUNNING; false on timeout or when it failed. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
