package dev.tenantscope.streams.internal;

import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.JsonSerde;
import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.internal.key.CohortKey;
import dev.tenantscope.streams.internal.key.CohortMemberKey;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Noisy tenants: final rollups of the detection window, repartitioned by {@link CohortKey} (tier + signal,
 * {@code noisy-cohort}) so a cohort's tenants share a task, and the early looks at 5-minute windows not observed
 * yet ({@code noisy-early-cohort}, only when the detection window is 5m); each tenant's history in
 * {@code noisy-state-store} keyed by {@link CohortMemberKey}; alerts on {@code tenantscope.alerts}.
 */
final class NoisyTopology {
    private final TopologyContext context;

    NoisyTopology(TopologyContext context) {
        this.context = context;
    }

    /**
     * @param rollups final rollups of the {@code noisy.window} window, as published on the rollup topic
     * @param early sums so far of 5-minute windows not observed yet (see {@link RollupProcessor.Emitted#early})
     */
    void addTo(
            StreamsBuilder builder,
            KStream<String, TenantMetricRollup> rollups,
            KStream<String, TenantMetricRollup> early) {
        StreamsAppConfig.Noisy config = context.config().noisy();
        builder.addStateStore(
                TopologyContext.kvStore(Stores.NOISY_STATE, CohortMemberKey.SERDE, JsonSerde.of(NoisyState.class)));
        Set<String> watched = Set.copyOf(config.metrics());
        Duration size = config.window().equals("5m") ? Duration.ofMinutes(5) : Duration.ofHours(1);
        KStream<CohortKey, NoisyTenantProcessor.Input> inputs = byCohort(rollups, watched, "noisy")
                .mapValues(r -> new NoisyTenantProcessor.Input(r, false), Named.as("noisy-observed"));
        if (size.equals(Duration.ofMinutes(5))) {
            inputs = inputs.merge(
                    byCohort(early, watched, "noisy-early")
                            .mapValues(r -> new NoisyTenantProcessor.Input(r, true), Named.as("noisy-early")),
                    Named.as("noisy-merge"));
        }
        KStream<String, Alert> alerts = inputs.process(
                () -> new NoisyTenantProcessor(config, size), Named.as("noisy-tenants"), Stores.NOISY_STATE);
        alerts.to(DerivedTopics.ALERTS.name(), TopologyContext.produced(DerivedTopics.ALERTS, "noisy-alerts-sink"));
    }

    /** The watched signals' rollups, repartitioned by cohort as {@code <name>-cohort}. */
    private static KStream<CohortKey, TenantMetricRollup> byCohort(
            KStream<String, TenantMetricRollup> rollups, Set<String> watched, String name) {
        return rollups.filter(
                        (k, r) -> watched.isEmpty() || watched.contains(r.namespace() + "/" + r.metric()),
                        Named.as(name + "-watched"))
                .selectKey((k, r) -> new CohortKey(r.tier(), r.namespace(), r.metric()), Named.as(name + "-by-cohort"))
                .repartition(Repartitioned.with(CohortKey.SERDE, DerivedTopics.TENANT_METRICS_5M.valueSerde())
                        .withName(name + "-cohort"));
    }
}
