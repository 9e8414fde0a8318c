package dev.tenantscope.streams;

import dev.tenantscope.config.TopicsConfig;
import dev.tenantscope.kafkaadmin.TopicProvisioner;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.internal.DeadLetterHandler;
import dev.tenantscope.streams.internal.EventTimeExtractor;
import dev.tenantscope.streams.internal.StreamsCounters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/** The running streams application: exactly_once_v2, DLQ for poison pills, topics provisioned if missing. */
public final class StreamsApp implements AutoCloseable {
    private final KafkaStreams streams;
    private final StreamsCounters counters;

    private StreamsApp(KafkaStreams streams, StreamsCounters counters) {
        this.streams = streams;
        this.counters = counters;
    }

    /** Starts against {@code bootstrapServers} (instead of the config's {@code kafka.bootstrapServers}). */
    public static StreamsApp start(StreamsAppConfig config, String bootstrapServers, Path stateDir) {
        return start(config.withBootstrapServers(bootstrapServers), stateDir);
    }

    /**
     * Creates missing topics with the shared {@code kafka.topics} settings, then builds the topology for the raw
     * topics' actual partition count (whoever created them) and starts it.
     */
    public static StreamsApp start(StreamsAppConfig config, Path stateDir) {
        String bootstrapServers = config.kafka().bootstrapServers();
        TopicsConfig topics = config.kafka().topics();
        int accountPartitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicProvisioner provisioner =
                    new TopicProvisioner(admin, topics.partitions(), topics.replicationFactor(), topics.retention());
            if (topics.provision()) {
                provisioner.ensure(Topics.all());
            }
            accountPartitions = provisioner.partitionsOf(Topics.COLLECTOR_RUNS.name());
        }
        StreamsCounters counters = new StreamsCounters();
        KafkaStreams streams = new KafkaStreams(
                TenantscopeTopology.build(config, counters, accountPartitions),
                properties(config, bootstrapServers, stateDir, counters));
        streams.start();
        return new StreamsApp(streams, counters);
    }

    static Properties properties(StreamsAppConfig config, String bootstrap, Path stateDir, StreamsCounters counters) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, EventTimeExtractor.class);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int)
                config.kafka().topics().replicationFactor());
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
