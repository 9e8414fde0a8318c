package dev.tenantscope.collector.internal.run;

import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.topic.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the whole compacted accounts topic once (no group), for discovery to know what is already published. */
public final class AccountsSnapshot {
    private AccountsSnapshot() {}

    public static Collection<AccountRegistration> read(String bootstrapServers, Duration timeout) {
        Map<String, AccountRegistration> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.ACCOUNTS.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            var des = Topics.ACCOUNTS.valueSerde().deserializer();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("accounts topic not read to its end within " + timeout);
                }
                for (var r : c.poll(Duration.ofMillis(200))) {
                    String key = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        latest.remove(key);
                    } else {
                        try {
                            latest.put(key, des.deserialize(r.topic(), r.value()));
                        } catch (RuntimeException ignored) {
                            // undecodable: discovery republishes this account
                        }
                    }
                }
            }
        }
        return latest.values();
    }
}
