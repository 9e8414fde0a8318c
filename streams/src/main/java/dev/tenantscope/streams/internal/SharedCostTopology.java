package dev.tenantscope.streams.internal;

import dev.tenantscope.model.rollup.CostCategory;
import dev.tenantscope.model.topic.JsonSerde;
import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.internal.key.CostKey;
import dev.tenantscope.streams.internal.key.SharedUsageKey;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Shared platform accounts (part of the cost sub-topology): their lines are replaced by per-tenant splits (see
 * {@link SharedCostAllocator}), keyed by the line's {@link CostKey} with the receiving tenant. The allocator sees
 * a day's lines on one partition ({@code shared-cost-day}, keyed by the ISO day): shared lines, and workload lines
 * as usage weights. Without shared accounts this adds nothing.
 */
final class SharedCostTopology {
    private final List<StreamsAppConfig.SharedAccount> shared;

    SharedCostTopology(List<StreamsAppConfig.SharedAccount> shared) {
        this.shared = shared;
    }

    /** The lines with every shared account's line replaced by its splits. */
    KStream<CostKey, AttributedCost> addTo(StreamsBuilder builder, KStream<CostKey, AttributedCost> enriched) {
        if (shared.isEmpty()) {
            return enriched;
        }
        builder.addStateStore(
                TopologyContext.kvStore(Stores.SHARED_USAGE, SharedUsageKey.SERDE, JsonSerde.of(SharedUsage.class)));
        builder.addStateStore(
                TopologyContext.kvStore(Stores.SHARED_SPLITS, CostKey.SERDE, JsonSerde.of(SharedReceivers.class)));
        Set<String> accounts =
                shared.stream().map(StreamsAppConfig.SharedAccount::account).collect(Collectors.toUnmodifiableSet());
        boolean byUsage = shared.stream().anyMatch(a -> a.mode().equals("usage"));
        KStream<CostKey, AttributedCost> allocated = enriched.filter(
                        (k, c) -> accounts.contains(c.account().value())
                                || (byUsage && c.category() == CostCategory.WORKLOAD),
                        Named.as("shared-cost-inputs"))
                .selectKey((k, c) -> c.day().toString(), Named.as("shared-cost-by-day"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(AttributedCost.class))
                        .withName("shared-cost-day"))
                .process(
                        () -> new SharedCostAllocator(shared),
                        Named.as("shared-cost-allocate"),
                        Stores.SHARED_USAGE,
                        Stores.SHARED_SPLITS);
        return enriched.filterNot((k, c) -> accounts.contains(c.account().value()), Named.as("cost-not-shared"))
                .merge(allocated, Named.as("cost-merge-shared"));
    }
}
