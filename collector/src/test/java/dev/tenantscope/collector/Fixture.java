package dev.tenantscope.collector;

import dev.tenantscope.fleetsim.FleetSimServer;
import dev.tenantscope.fleetsim.FleetSpec;
import dev.tenantscope.fleetsim.SimClock;
import dev.tenantscope.kafka.EmbeddedKafkaBroker;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.topic.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A real broker and a fleet-sim, and a collector config pointing at both. */
final class Fixture implements AutoCloseable {
    final EmbeddedKafkaBroker broker;
    final FleetSimServer sim;
    final SimClock clock;

    Fixture(Path dir, int accounts, Instant now) {
        this(dir, FleetSpec.defaults().withAccounts(accounts), now);
    }

    Fixture(Path dir, FleetSpec spec, Instant now) {
        this.broker = EmbeddedKafkaBroker.start(dir);
        this.clock = SimClock.fixed(now);
        this.sim = FleetSimServer.start(spec, 0, clock);
        System.out.println("backend: embedded KRaft broker " + broker.bootstrapServers() + " + fleet-sim "
                + sim.endpoint() + " (" + spec.accounts() + " accounts) via the real AWS SDK v2 clients");
    }

    CollectorConfig config(String id) {
        CollectorConfig c = CollectorConfig.defaults()
                .withCollectorId(id)
                .withEndpointOverride(sim.endpoint())
                .withBootstrapServers(broker.bootstrapServers())
                .withPrometheusPort(-1);
        c = c.withIdentity(
                "AKIAFLEETSIMMANAGER1",
                "fleet-sim-secret-not-checked",
                AccountId.of(sim.spec().managementAccount()),
                sim.spec().roleName(),
                sim.spec().externalId());
        c = c.withTopicPartitions(4);
        var l = c.limits();
        return c.withLimits(new CollectorConfig.Limits(
                l.globalTps(),
                l.apiTps(),
                l.defaultApiTps(),
                l.maxAttempts(),
                Duration.ofMillis(5),
                Duration.ofMillis(100),
                Duration.ofSeconds(60),
                l.maxInFlight()));
    }

    /** Every record of a topic, in offset order per partition. */
    <V> List<V> read(Topic<String, V> topic) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    out.add(topic.valueSerde().deserializer().deserialize(topic.name(), r.value()));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        sim.close();
        broker.close();
    }
}
