package dev.tenantscope.streams.internal;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.QuotaSample;
import dev.tenantscope.model.rollup.QuotaUsage;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.JsonSerde;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.internal.key.QuotaKey;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Quotas: every sample with usage as a utilisation row ({@code tenantscope.quota.usage}), and threshold / forecast
 * alerts per account × region × quota ({@code tenantscope.alerts}, state in {@code quota-state-store} keyed by
 * {@link QuotaKey}). Samples are keyed by account, so a quota's samples share a task: no repartition.
 */
final class QuotaTopology {
    private final TopologyContext context;

    QuotaTopology(TopologyContext context) {
        this.context = context;
    }

    void addTo(StreamsBuilder builder) {
        builder.addStateStore(
                TopologyContext.kvStore(Stores.QUOTA_STATE, QuotaKey.SERDE, JsonSerde.of(QuotaState.class)));
        KStream<String, EnrichedQuota> quotas = context.source(builder, Topics.RAW_QUOTAS, "raw-quotas-source")
                .process(
                        () -> new Enricher<QuotaSample, EnrichedQuota>(
                                q -> q.account().value(),
                                (q, reg) -> new EnrichedQuota(q, reg == null ? TenantId.UNASSIGNED : reg.tenant()),
                                context.counters()),
                        Named.as("enrich-quotas"));
        quotas.filter((k, q) -> q.sample().usage() != null, Named.as("quota-has-usage"))
                .map(
                        (k, q) -> {
                            QuotaUsage row = q.toUsage();
                            return KeyValue.pair(row.key(), row);
                        },
                        Named.as("quota-usage-row"))
                .to(
                        DerivedTopics.QUOTA_USAGE.name(),
                        TopologyContext.produced(DerivedTopics.QUOTA_USAGE, "quota-usage-sink"));
        quotas.process(
                        () -> new QuotaAlertProcessor(context.config().quota()),
                        Named.as("quota-alerts"),
                        Stores.QUOTA_STATE)
                .to(DerivedTopics.ALERTS.name(), TopologyContext.produced(DerivedTopics.ALERTS, "quota-alerts-sink"));
    }
}
