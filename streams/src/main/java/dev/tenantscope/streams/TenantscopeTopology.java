package dev.tenantscope.streams;

import dev.tenantscope.streams.internal.StreamsCounters;
import dev.tenantscope.streams.internal.TopologyFactory;
import org.apache.kafka.streams.Topology;

/**
 * The streams application as a pure function of its config: raw per-account topics and the account registry in,
 * per-tenant rollups, cost and alerts out (see {@code DerivedTopics}).
 */
public final class TenantscopeTopology {
    private TenantscopeTopology() {}

    public static Topology build(StreamsAppConfig config) {
        return build(config, new StreamsCounters());
    }

    /**
     * As {@link #build(StreamsAppConfig)}, counting unassigned records into {@code counters}, for raw topics with
     * the configured {@code kafka.topics.partitions}.
     */
    public static Topology build(StreamsAppConfig config, StreamsCounters counters) {
        return build(config, counters, config.kafka().topics().partitions());
    }

    /**
     * As {@link #build(StreamsAppConfig, StreamsCounters)} for raw topics with {@code accountPartitions} partitions
     * (the account-state processor needs to know which accounts its partition holds).
     */
    public static Topology build(StreamsAppConfig config, StreamsCounters counters, int accountPartitions) {
        return new TopologyFactory(config, counters, System::currentTimeMillis, accountPartitions).build();
    }
}
