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
 * {@code noisy-cohort}) so a cohort's tenants share a task; each tenant's history in {@code noisy-state-store}
 * keyed by {@link CohortMemberKey}; alerts on {@code tenantscope.alerts}.
 */
final class NoisyTopology {
    private final TopologyContext context;

    NoisyTopology(TopologyContext context) {
        this.context = context;
    }

    /** @param rollups final rollups of the {@code noisy.window} window, as published on the rollup topic */
    void addTo(StreamsBuilder builder, KStream<String, TenantMetricRollup> rollups) {
        StreamsAppConfig.Noisy config = context.config().noisy();
        builder.addStateStore(
                TopologyContext.kvStore(Stores.NOISY_STATE, CohortMemberKey.SERDE, JsonSerde.of(NoisyState.class)));
        Set<String> watched = Set.copyOf(config.metrics());
        Duration size = config.window().equals("5m") ? Duration.ofMinutes(5) : Duration.ofHours(1);
        KStream<String, Alert> alerts = rollups.filter(
                        (k, r) -> watched.isEmpty() || watched.contains(r.namespace() + "/" + r.metric()),
                        Named.as("noisy-watched"))
                .selectKey((k, r) -> new CohortKey(r.tier(), r.namespace(), r.metric()), Named.as("noisy-by-cohort"))
                .repartition(Repartitioned.with(CohortKey.SERDE, DerivedTopics.TENANT_METRICS_5M.valueSerde())
                        .withName("noisy-cohort"))
                .process(() -> new NoisyTenantProcessor(config, size), Named.as("noisy-tenants"), Stores.NOISY_STATE);
        alerts.to(DerivedTopics.ALERTS.name(), TopologyContext.produced(DerivedTopics.ALERTS, "noisy-alerts-sink"));
    }
}
