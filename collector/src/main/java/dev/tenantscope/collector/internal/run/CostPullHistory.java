package dev.tenantscope.collector.internal.run;

import dev.tenantscope.model.events.CostPullCompleted;
import dev.tenantscope.model.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * When the fleet last completed its regular payer pull, read from the tail of the cost-pulls topic: a new payer
 * leader (partition 0 moved in a rebalance) waits out the interval instead of pulling again. Kafka holds the
 * state; no coordination of our own.
 */
final class CostPullHistory {
    // completions of one pull are one per account, spread over the partitions: the tail of each suffices
    private static final int TAIL = 200;

    private CostPullHistory() {}

    /** Whether the cost-pulls topic holds any completion: this installation has pulled cost before. */
    static boolean any(String bootstrapServers, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.RAW_COST_PULLS.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts, timeout);
            return parts.stream().anyMatch(tp -> end.get(tp) > begin.get(tp));
        }
    }

    /** The latest {@code retrievedAt} of a regular (window up to today) pull's completion, if any. */
    static Optional<Instant> lastRegularPull(String bootstrapServers, Duration timeout) {
        Instant latest = null;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.RAW_COST_PULLS.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (parts.isEmpty()) {
                return Optional.empty();
            }
            c.assign(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts, timeout);
            for (TopicPartition tp : parts) {
                c.seek(tp, Math.max(begin.get(tp), end.get(tp) - TAIL));
            }
            var des = Topics.RAW_COST_PULLS.valueSerde().deserializer();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    try {
                        CostPullCompleted done = des.deserialize(r.topic(), r.value());
                        LocalDate pulledOn = LocalDate.ofInstant(done.retrievedAt(), ZoneOffset.UTC);
                        boolean regular = done.until().isAfter(pulledOn); // backfills end before today
                        if (regular && (latest == null || done.retrievedAt().isAfter(latest))) {
                            latest = done.retrievedAt();
                        }
                    } catch (RuntimeException ignored) {
                        // undecodable: not evidence of a pull
                    }
                }
            }
        }
        return Optional.ofNullable(latest);
    }
}
