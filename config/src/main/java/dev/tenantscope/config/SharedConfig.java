package dev.tenantscope.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The sections every role shares, bound once from the root of the file and handed to each role's binder: the data
 * directory of the embedded mode, {@code kafka}, {@code clickhouse}, {@code aws} and {@code alerts}.
 *
 * @param dataDir where the embedded parts keep their data (Kafka, ClickHouse, Streams state)
 */
public record SharedConfig(
        Path dataDir, KafkaConfig kafka, ClickHouseConfig clickhouse, AwsConfig aws, AlertsConfig alerts) {
    public SharedConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(clickhouse, "clickhouse");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(alerts, "alerts");
    }

    public static SharedConfig bind(ConfigNode root) {
        Path dataDir = Path.of(root.stringOrEnv(
                "dataDir",
                Environment.DATA_DIR,
                "data",
                "data directory of the embedded Kafka broker, ClickHouse engine and Streams state (default: $"
                        + Environment.DATA_DIR + ", else ./data)"));
        return new SharedConfig(
                dataDir,
                KafkaConfig.bind(root.section("kafka", "Kafka, shared by every role")),
                ClickHouseConfig.bind(root.section("clickhouse", "ClickHouse, shared by streams, query-api, migrate")),
                AwsConfig.bind(root.section("aws", "AWS access, shared: endpoints, regions, the tenant role")),
                AlertsConfig.bind(root.section(
                        "alerts", "alert thresholds: one home for what the collector, streams and query-api read")));
    }

    /** Bound from an empty file with this environment. */
    public static SharedConfig defaults(Environment env) {
        ConfigTree tree = ConfigTree.empty(env);
        SharedConfig shared = bind(tree.root());
        tree.requireValid();
        return shared;
    }

    public SharedConfig withKafka(KafkaConfig k) {
        return new SharedConfig(dataDir, k, clickhouse, aws, alerts);
    }

    public SharedConfig withAws(AwsConfig a) {
        return new SharedConfig(dataDir, kafka, clickhouse, a, alerts);
    }
}
