package dev.tenantscope.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the roles create the topics {@code model} names when they are missing ({@code kafka.topics}). Every role
 * provisions with the same values, so raw topics are co-partitioned whoever created them first.
 *
 * @param provision create missing topics at start (existing topics are never changed)
 * @param partitions partitions of every topic; the accounts topic's count caps the useful number of collectors
 * @param replicationFactor 1 for the embedded broker; production wants 3
 * @param retention how long raw and derived records are kept (the accounts topic is compacted instead)
 */
public record TopicsConfig(boolean provision, int partitions, short replicationFactor, Duration retention) {
    public static final int DEFAULT_PARTITIONS = 12;

    public TopicsConfig {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions: expected 1 or more, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor: expected 1 or more, got " + replicationFactor);
        }
        Objects.requireNonNull(retention, "retention");
    }

    static TopicsConfig bind(ConfigNode n) {
        return new TopicsConfig(
                n.bool("provision", true, "create missing topics at start; existing topics are left as they are"),
                n.integer(
                        "partitions",
                        DEFAULT_PARTITIONS,
                        1,
                        10_000,
                        "partitions of every topic; caps the useful number of collectors and streams instances"),
                (short) n.integer(
                        "replicationFactor", 1, 1, 7, "1 suits the embedded single broker; production wants 3"),
                n.duration("retention", Duration.ofDays(7), "how long non-compacted topics keep records"));
    }

    public TopicsConfig withPartitions(int n) {
        return new TopicsConfig(provision, n, replicationFactor, retention);
    }
}
