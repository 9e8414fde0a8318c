package dev.tenantscope.config;

import java.util.Objects;

/**
 * The shared {@code kafka} section. Role-specific names (consumer groups, the Streams application id) stay with
 * their role.
 */
public record KafkaConfig(String bootstrapServers, TopicsConfig topics) {
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    public KafkaConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topics, "topics");
    }

    static KafkaConfig bind(ConfigNode n) {
        return new KafkaConfig(
                n.stringOrEnv(
                        "bootstrapServers",
                        Environment.KAFKA_BOOTSTRAP,
                        DEFAULT_BOOTSTRAP,
                        "host:port[,host:port…] of the brokers (default: $" + Environment.KAFKA_BOOTSTRAP + ", else "
                                + DEFAULT_BOOTSTRAP + ")"),
                TopicsConfig.bind(n.section("topics", "topics the roles create when missing")));
    }

    public KafkaConfig withBootstrapServers(String servers) {
        return new KafkaConfig(servers, topics);
    }

    public KafkaConfig withTopics(TopicsConfig t) {
        return new KafkaConfig(bootstrapServers, t);
    }
}
