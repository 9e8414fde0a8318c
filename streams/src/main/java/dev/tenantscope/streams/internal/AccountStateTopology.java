package dev.tenantscope.streams.internal;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.rollup.TenantCollectorRun;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.JsonSerde;
import dev.tenantscope.model.topic.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Fleet health from the collector runs: each account's state (registration joined with its latest run) on
 * {@code tenantscope.account.state}, and the runs attributed to their tenant on
 * {@code tenantscope.tenant.collector.runs}. Keys are account ids as on the raw topic: no repartition.
 */
final class AccountStateTopology {
    /** How often registration-only changes (new, suspended accounts) reach the account state. */
    static final Duration ACCOUNT_SCAN_INTERVAL = Duration.ofSeconds(30);

    private final TopologyContext context;

    AccountStateTopology(TopologyContext context) {
        this.context = context;
    }

    /** Returns the runs (without tombstones), which the cost sub-topology turns into API spend. */
    KStream<String, CollectorRun> addTo(StreamsBuilder builder) {
        KStream<String, CollectorRun> runs = context.source(builder, Topics.COLLECTOR_RUNS, "collector-runs-source")
                .filter((k, run) -> run != null, Named.as("collector-runs-not-null"));
        builder.addStateStore(TopologyContext.kvStore(
                Stores.ACCOUNT_STATE, Serdes.String(), JsonSerde.of(AccountStateProcessor.Seen.class)));
        runs.process(
                        () -> new AccountStateProcessor(
                                context.accountPartitions(), ACCOUNT_SCAN_INTERVAL, context.versionClock()),
                        Named.as("account-state"),
                        Stores.ACCOUNT_STATE)
                .to(
                        DerivedTopics.ACCOUNT_STATE.name(),
                        TopologyContext.produced(DerivedTopics.ACCOUNT_STATE, "account-state-sink"));
        runs.process(
                        () -> new Enricher<CollectorRun, TenantCollectorRun>(
                                run -> run.account().value(),
                                (run, reg) -> new TenantCollectorRun(
                                        reg == null ? TenantId.UNASSIGNED : reg.tenant(),
                                        run,
                                        run.startedAt().toEpochMilli()),
                                context.counters()),
                        Named.as("enrich-collector-runs"))
                .selectKey((k, r) -> r.key(), Named.as("collector-runs-by-start"))
                .to(
                        DerivedTopics.TENANT_COLLECTOR_RUNS.name(),
                        TopologyContext.produced(DerivedTopics.TENANT_COLLECTOR_RUNS, "collector-runs-sink"));
        return runs;
    }
}
