package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.internal.key.DailyCostKey;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Composes the topology from its sub-topologies, which share one builder: the account registry, account state,
 * cost, rollups, quotas, noisy tenants and cost anomalies. Every processor, store and internal topic is named, every serde
 * explicit; keys inside the topology are typed ({@code key} package).
 */
public final class TopologyFactory {

    private final TopologyContext context;

    public TopologyFactory(StreamsAppConfig config, StreamsCounters counters, LongSupplier versionClock) {
        this(config, counters, versionClock, config.kafka().topics().partitions());
    }

    /**
     * @param accountPartitions partitions of the account-keyed raw topics: the account-state processor walks the
     *     registry for the accounts of its own partition only
     */
    public TopologyFactory(
            StreamsAppConfig config, StreamsCounters counters, LongSupplier versionClock, int accountPartitions) {
        this.context = new TopologyContext(config, counters, versionClock, accountPartitions);
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        registry(builder);
        // Sub-topologies are numbered in the order their first source is added, and the numbers are the task ids
        // (and state directories) of running instances: the raw cost source comes first, as it always has.
        KStream<String, CostLine> costLines = context.source(builder, Topics.RAW_COST, "raw-cost-source");
        KStream<String, CollectorRun> runs = new AccountStateTopology(context).addTo(builder);
        KTable<DailyCostKey, TenantDailyCost> daily = new CostTopology(context).addTo(builder, costLines, runs);
        RollupTopology.FinalRollups rollups = new RollupTopology(context).addTo(builder, runs);
        new QuotaTopology(context).addTo(builder);
        new NoisyTopology(context)
                .addTo(builder, rollups.of(context.config().noisy().window()), rollups.early());
        // added last, so the sub-topologies above keep their numbers
        new CostAnomalyTopology(context).addTo(builder, daily);
        return builder.build();
    }

    /** The registry every enrichment reads through its store (see {@link AccountLookup}). */
    private static void registry(StreamsBuilder builder) {
        builder.globalTable(
                Topics.ACCOUNTS.name(),
                Consumed.with(Serdes.String(), Topics.ACCOUNTS.valueSerde()).withName("accounts-source"),
                Materialized.<String, AccountRegistration, KeyValueStore<Bytes, byte[]>>as(Stores.ACCOUNTS)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Topics.ACCOUNTS.valueSerde()));
    }
}
