package dev.tenantscope.kafkaadmin;

import dev.tenantscope.model.topic.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a role needs when they are missing; existing topics are left as they are. Every role provisions
 * with the shared {@code kafka.topics} values, so whoever starts first, raw topics are co-partitioned. Does not close
 * the {@link Admin}. {@link #ensure} returns once every topic it created is visible in the cluster's metadata, so a
 * role that subscribes or describes right after it sees them.
 */
public final class TopicProvisioner {
    /** How long created topics may take to appear in the metadata before {@link #ensure} gives up. */
    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(50);

    private final Admin admin;
    private final int partitions;
    private final short replicationFactor;
    private final Duration retention;

    /**
     * @param retention retention of non-compacted topics; compacted topics (the accounts registry) keep the latest
     *     value per key instead
     */
    public TopicProvisioner(Admin admin, int partitions, short replicationFactor, Duration retention) {
        if (partitions < 1 || replicationFactor < 1 || !retention.isPositive()) {
            throw new IllegalArgumentException("expected partitions >= 1, replicationFactor >= 1, retention > 0, got "
                    + partitions + ", " + replicationFactor + ", " + retention);
        }
        this.admin = admin;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.retention = retention;
    }

    public void ensure(Collection<? extends Topic<?, ?>> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(this::newTopic)
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topic " + name, e);
                }
            });
            awaitVisible(missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
    }

    /** The partition count of an existing topic (whoever created it, with whatever count). */
    public int partitionsOf(String topic) {
        try {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        }
    }

    /**
     * Topic creation completes on the controller before every broker's metadata has it: listing or describing right
     * after can still miss the topic. Polls until the listing holds all of {@code names}.
     */
    private void awaitVisible(List<String> names) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (true) {
            Set<String> listed = admin.listTopics().names().get();
            List<String> absent =
                    names.stream().filter(n -> !listed.contains(n)).toList();
            if (absent.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics created but not visible in the cluster metadata after "
                        + VISIBLE_WITHIN.toSeconds() + " s: " + absent);
            }
            Thread.sleep(POLL);
        }
    }

    private NewTopic newTopic(Topic<?, ?> topic) {
        Map<String, String> config = topic.compacted()
                ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                : Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()));
        return new NewTopic(topic.name(), partitions, replicationFactor).configs(config);
    }
}
