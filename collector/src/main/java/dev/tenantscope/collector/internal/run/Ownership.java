package dev.tenantscope.collector.internal.run;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.topic.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts this instance collects: those in the accounts-topic partitions Kafka's consumer group assigns to
 * it. Offsets are never committed — each assignment replays its compacted partitions from the start, which
 * rebuilds the registrations. No coordination of our own.
 */
public final class Ownership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<Integer, Map<AccountId, AccountRegistration>> byPartition = new ConcurrentHashMap<>();
    private final Thread thread;
    private final Consumer<AccountId> onRevoked;
    private volatile boolean running = true;
    private volatile long caughtUpAt;
    private volatile long generation;
    private volatile int topicPartitions; // of the accounts topic, as of the last assignment

    public Ownership(String bootstrapServers, String groupId, String clientId, Consumer<AccountId> onRevoked) {
        this.onRevoked = onRevoked;
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        groupId,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        clientId,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                        10_000,
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                        1_000,
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform()
                .name("accounts-ownership-" + clientId)
                .daemon()
                .unstarted(this::loop);
    }

    public Ownership start() {
        thread.start();
        return this;
    }

    private void loop() {
        try {
            consumer.subscribe(List.of(Topics.ACCOUNTS.name()), new Listener());
            var deserializer = Topics.ACCOUNTS.valueSerde().deserializer();
            while (running) {
                long t0 = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Map<AccountId, AccountRegistration> part =
                            byPartition.computeIfAbsent(r.partition(), p -> new ConcurrentHashMap<>());
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        AccountRegistration reg = deserializer.deserialize(r.topic(), r.value());
                        part.put(reg.account(), reg);
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "skipping undecodable registration at {}-{}@{}: {}",
                                r.topic(),
                                r.partition(),
                                r.offset(),
                                e.getMessage());
                    }
                }
                Set<TopicPartition> assigned = consumer.assignment();
                if (!assigned.isEmpty() || generation > 0) {
                    Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
                    boolean caughtUp =
                            ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                    if (caughtUp) {
                        caughtUpAt = t0;
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("accounts consumer stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            generation++;
            topicPartitions = consumer.partitionsFor(Topics.ACCOUNTS.name()).size();
            for (TopicPartition tp : partitions) {
                byPartition.put(tp.partition(), new ConcurrentHashMap<>());
            }
            consumer.seekToBeginning(partitions);
            LOG.info("assigned accounts partitions {}", partitions);
        }

        private void drop(Collection<TopicPartition> partitions) {
            generation++;
            for (TopicPartition tp : partitions) {
                Map<AccountId, AccountRegistration> gone = byPartition.remove(tp.partition());
                if (gone != null) {
                    gone.keySet().forEach(onRevoked);
                }
            }
            LOG.info("revoked accounts partitions {}", partitions);
        }
    }

    /** Registrations of the accounts this instance owns now. */
    public List<AccountRegistration> owned() {
        return byPartition.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    /**
     * The fleet's size as this instance can tell it without reading partitions it does not own: its accounts
     * scaled by its share of the topic's partitions (accounts hash evenly over them). Exact for a single instance.
     */
    public int fleetEstimate() {
        int mine = byPartition.size();
        int owned = byPartition.values().stream().mapToInt(Map::size).sum();
        int all = topicPartitions;
        return mine == 0 || all <= mine ? owned : (int) Math.round((double) owned * all / mine);
    }

    public boolean ownsPartition(int partition) {
        return byPartition.containsKey(partition);
    }

    public Set<Integer> partitions() {
        return Set.copyOf(byPartition.keySet());
    }

    /** Waits until the assigned partitions are read up to offsets that exist now (and something is assigned). */
    public void awaitCaughtUp(Duration timeout) throws TimeoutException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (caughtUpAt <= start || byPartition.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("accounts topic not caught up within " + timeout + " (partitions "
                        + byPartition.keySet() + ")");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
