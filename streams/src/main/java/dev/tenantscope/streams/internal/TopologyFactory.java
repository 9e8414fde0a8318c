package dev.tenantscope.streams.internal;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.events.QuotaSample;
import dev.tenantscope.model.rollup.Alert;
import dev.tenantscope.model.rollup.CostCategory;
import dev.tenantscope.model.rollup.TenantCollectorRun;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.JsonSerde;
import dev.tenantscope.model.topic.Topic;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.StreamsAppConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

/** Builds the topology; every processor, store and internal topic is named, every serde explicit. */
public final class TopologyFactory {
    /** How often registration-only changes (new, suspended accounts) reach the account state. */
    static final Duration ACCOUNT_SCAN_INTERVAL = Duration.ofSeconds(30);

    private static final Serde<String> STRING = Serdes.String();
    private static final Serde<AttributedCost> ATTRIBUTED = JsonSerde.of(AttributedCost.class);
    private static final Serde<CostAgg> COST_AGG = JsonSerde.of(CostAgg.class);
    private static final Serde<SummaryAgg> SUMMARY_AGG = JsonSerde.of(SummaryAgg.class);
    private static final Serde<TenantDailyCost> DAILY = DerivedTopics.TENANT_COST_DAILY.valueSerde();
    private static final Serde<CostLine> COST_LINE = Topics.RAW_COST.valueSerde();

    private final StreamsAppConfig config;
    private final StreamsCounters counters;
    private final LongSupplier versionClock;
    private final int accountPartitions;
    private final EventTimeExtractor eventTime = new EventTimeExtractor();

    public TopologyFactory(StreamsAppConfig config, StreamsCounters counters, LongSupplier versionClock) {
        this(config, counters, versionClock, config.kafka().topics().partitions());
    }

    /**
     * @param accountPartitions partitions of the account-keyed raw topics: the account-state processor walks the
     *     registry for the accounts of its own partition only
     */
    public TopologyFactory(
            StreamsAppConfig config, StreamsCounters counters, LongSupplier versionClock, int accountPartitions) {
        this.config = config;
        this.counters = counters;
        this.versionClock = versionClock;
        this.accountPartitions = accountPartitions;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        // The registry every enrichment reads through its store (see AccountLookup).
        builder.globalTable(
                Topics.ACCOUNTS.name(),
                Consumed.with(STRING, Topics.ACCOUNTS.valueSerde()).withName("accounts-source"),
                Materialized.<String, AccountRegistration, KeyValueStore<Bytes, byte[]>>as(Stores.ACCOUNTS)
                        .withKeySerde(STRING)
                        .withValueSerde(Topics.ACCOUNTS.valueSerde()));
        cost(builder);
        KStream<String, TenantMetricRollup> fiveMinute = rollups(builder);
        quotas(builder);
        noisy(builder, fiveMinute);
        return builder.build();
    }

    private <V> KStream<String, V> source(StreamsBuilder builder, Topic<String, V> topic, String name) {
        return builder.stream(
                topic.name(),
                Consumed.with(topic.keySerde(), topic.valueSerde())
                        .withTimestampExtractor(eventTime)
                        .withName(name));
    }

    private static <V> Produced<String, V> produced(Topic<String, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    // ---- cost: restatement-safe KTable, adder/subtractor aggregates, month close ----

    private void cost(StreamsBuilder builder) {
        builder.addStateStore(kvStore(Stores.UNASSIGNED_COST, COST_LINE));
        builder.addStateStore(kvStore(Stores.MONTH_ROWS, JsonSerde.of(MonthRow.class)));
        builder.addStateStore(kvStore(Stores.MONTHS, Serdes.Long()));

        KStream<String, CostLine> lines = source(builder, Topics.RAW_COST, "raw-cost-source");
        KStream<String, CostLine> apiSpend = collectorSpend(builder);

        CostClassifier classifier = new CostClassifier(config.cost().baselineRules());
        KStream<String, AttributedCost> enriched = lines.merge(apiSpend, Named.as("cost-merge-api-spend"))
                .process(
                        () -> new CostEnricher(classifier, config.cost().reattributeEvery(), counters),
                        Named.as("cost-enrich"),
                        Stores.UNASSIGNED_COST);
        KTable<String, AttributedCost> costLines = sharedAllocation(builder, enriched)
                .groupByKey(Grouped.with("cost-lines", STRING, ATTRIBUTED))
                .reduce(
                        AttributedCost::latest,
                        Named.as("cost-lines-latest"),
                        Materialized.<String, AttributedCost, KeyValueStore<Bytes, byte[]>>as(Stores.COST_LINES)
                                .withKeySerde(STRING)
                                .withValueSerde(ATTRIBUTED));

        KTable<String, TenantDailyCost> daily = costLines
                .groupBy((key, c) -> KeyValue.pair(c.dailyKey(), c), Grouped.with("cost-daily", STRING, ATTRIBUTED))
                .aggregate(
                        CostAgg::empty,
                        (key, c, agg) -> agg.plus(c, versionClock.getAsLong()),
                        (key, c, agg) -> agg.minus(c, versionClock.getAsLong()),
                        Named.as("cost-daily-aggregate"),
                        Materialized.<String, CostAgg, KeyValueStore<Bytes, byte[]>>as(Stores.COST_DAILY)
                                .withKeySerde(STRING)
                                .withValueSerde(COST_AGG))
                .mapValues(CostAgg::toRow, Named.as("cost-daily-row"));

        daily.toStream(Named.as("cost-daily-changes"))
                .to(
                        DerivedTopics.TENANT_COST_DAILY.name(),
                        produced(DerivedTopics.TENANT_COST_DAILY, "cost-daily-sink"));

        daily.groupBy(
                        (key, row) -> KeyValue.pair(
                                row.tenant().value() + "|" + row.account().value() + "|" + row.day(), row),
                        Grouped.with("cost-summary", STRING, DAILY))
                .aggregate(
                        SummaryAgg::empty,
                        (key, row, agg) -> agg.apply(row, +1, versionClock.getAsLong()),
                        (key, row, agg) -> agg.apply(row, -1, versionClock.getAsLong()),
                        Named.as("cost-summary-aggregate"),
                        Materialized.<String, SummaryAgg, KeyValueStore<Bytes, byte[]>>as(Stores.COST_SUMMARY)
                                .withKeySerde(STRING)
                                .withValueSerde(SUMMARY_AGG))
                .toStream(Named.as("cost-summary-changes"))
                .mapValues(SummaryAgg::toSummary, Named.as("cost-summary-row"))
                .to(
                        DerivedTopics.TENANT_COST_DAILY_SUMMARY.name(),
                        produced(DerivedTopics.TENANT_COST_DAILY_SUMMARY, "cost-summary-sink"));

        daily.toStream(Named.as("cost-daily-for-close"))
                .filter((k, row) -> row != null, Named.as("cost-daily-not-null"))
                .process(
                        () -> new MonthCloseProcessor(config.cost().closeDayOfMonth()),
                        Named.as("month-close"),
                        Stores.MONTH_ROWS,
                        Stores.MONTHS)
                .split(Named.as("month-close-"))
                .branch(
                        (k, e) -> e.close() != null,
                        Branched.withConsumer(
                                s -> s.mapValues(CloseEvent::close, Named.as("month-close-frozen"))
                                        .to(
                                                DerivedTopics.COST_MONTH_CLOSE.name(),
                                                produced(DerivedTopics.COST_MONTH_CLOSE, "month-close-sink")),
                                "close"))
                .defaultBranch(Branched.withConsumer(
                        s -> s.mapValues(CloseEvent::restatement, Named.as("month-close-diff"))
                                .to(
                                        DerivedTopics.COST_RESTATEMENTS.name(),
                                        produced(DerivedTopics.COST_RESTATEMENTS, "restatements-sink")),
                        "restatement"));
    }

    /**
     * Shared platform accounts: their lines are replaced by per-tenant splits (see SharedCostAllocator). The
     * allocator sees a day's lines on one partition (shared lines, and workload lines as usage weights).
     */
    private KStream<String, AttributedCost> sharedAllocation(
            StreamsBuilder builder, KStream<String, AttributedCost> enriched) {
        List<StreamsAppConfig.SharedAccount> shared = config.cost().sharedAccounts();
        if (shared.isEmpty()) {
            return enriched;
        }
        builder.addStateStore(kvStore(Stores.SHARED_USAGE, STRING));
        builder.addStateStore(kvStore(Stores.SHARED_SPLITS, STRING));
        Set<String> accounts =
                shared.stream().map(StreamsAppConfig.SharedAccount::account).collect(Collectors.toUnmodifiableSet());
        boolean byUsage = shared.stream().anyMatch(a -> a.mode().equals("usage"));
        KStream<String, AttributedCost> allocated = enriched.filter(
                        (k, c) -> accounts.contains(c.account().value())
                                || (byUsage && c.category() == CostCategory.WORKLOAD),
                        Named.as("shared-cost-inputs"))
                .selectKey((k, c) -> c.day().toString(), Named.as("shared-cost-by-day"))
                .repartition(Repartitioned.with(STRING, ATTRIBUTED).withName("shared-cost-day"))
                .process(
                        () -> new SharedCostAllocator(shared),
                        Named.as("shared-cost-allocate"),
                        Stores.SHARED_USAGE,
                        Stores.SHARED_SPLITS);
        return enriched.filterNot((k, c) -> accounts.contains(c.account().value()), Named.as("cost-not-shared"))
                .merge(allocated, Named.as("cost-merge-shared"));
    }

    /**
     * The collector's API spend per account and day, as a synthetic cost line: a KTable (sum of the day's runs)
     * whose changes replace each other downstream exactly like restated Cost Explorer lines.
     */
    private KStream<String, CostLine> collectorSpend(StreamsBuilder builder) {
        KStream<String, CollectorRun> runs = source(builder, Topics.COLLECTOR_RUNS, "collector-runs-source")
                .filter((k, run) -> run != null, Named.as("collector-runs-not-null"));
        accountState(builder, runs);
        return runs.groupBy(
                        (k, run) -> run.account().value() + "|"
                                + run.startedAt()
                                        .atZone(java.time.ZoneOffset.UTC)
                                        .toLocalDate(),
                        Grouped.with("collector-spend", STRING, Topics.COLLECTOR_RUNS.valueSerde()))
                .aggregate(
                        () -> null,
                        (key, run, line) -> ApiSpend.add(line, run),
                        Named.as("collector-spend-aggregate"),
                        Materialized.<String, CostLine, KeyValueStore<Bytes, byte[]>>as(Stores.COLLECTOR_SPEND)
                                .withKeySerde(STRING)
                                .withValueSerde(COST_LINE))
                .toStream(Named.as("collector-spend-changes"));
    }

    /** Account state for fleet health, and the runs themselves attributed to their tenant. */
    private void accountState(StreamsBuilder builder, KStream<String, CollectorRun> runs) {
        builder.addStateStore(kvStore(Stores.ACCOUNT_STATE, JsonSerde.of(AccountStateProcessor.Seen.class)));
        runs.process(
                        () -> new AccountStateProcessor(accountPartitions, ACCOUNT_SCAN_INTERVAL, versionClock),
                        Named.as("account-state"),
                        Stores.ACCOUNT_STATE)
                .to(DerivedTopics.ACCOUNT_STATE.name(), produced(DerivedTopics.ACCOUNT_STATE, "account-state-sink"));
        runs.process(
                        () -> new Enricher<CollectorRun, TenantCollectorRun>(
                                run -> run.account().value(),
                                (run, reg) -> new TenantCollectorRun(
                                        reg == null ? TenantId.UNASSIGNED : reg.tenant(),
                                        run,
                                        run.startedAt().toEpochMilli()),
                                counters),
                        Named.as("enrich-collector-runs"))
                .selectKey((k, r) -> r.key(), Named.as("collector-runs-by-start"))
                .to(
                        DerivedTopics.TENANT_COLLECTOR_RUNS.name(),
                        produced(DerivedTopics.TENANT_COLLECTOR_RUNS, "collector-runs-sink"));
    }

    // ---- metrics and log signals: per-tenant tumbling windows, final results only ----

    private KStream<String, TenantMetricRollup> rollups(StreamsBuilder builder) {
        KStream<String, Signal> metricSignals = source(builder, Topics.RAW_METRICS, "raw-metrics-source")
                .process(
                        () -> new Enricher<MetricSample, Signal>(
                                s -> s.account().value(), Signal::of, counters),
                        Named.as("enrich-metrics"));
        KStream<String, Signal> logSignals = source(builder, Topics.RAW_LOGS, "raw-logs-source")
                .process(
                        () -> new Enricher<LogSignal, Signal>(l -> l.account().value(), Signal::of, counters),
                        Named.as("enrich-logs"));
        KGroupedStream<String, Signal> bySignal = metricSignals
                .merge(logSignals, Named.as("signals-merge"))
                .groupBy((k, s) -> s.groupKey(), Grouped.with("tenant-signals", STRING, Signal.serde()));

        KStream<Windowed<String>, MetricAgg> fiveMinuteFinal = bySignal.windowedBy(
                        TimeWindows.ofSizeAndGrace(Duration.ofMinutes(5), config.windowGrace()))
                .aggregate(
                        MetricAgg::new,
                        (key, s, agg) -> agg.add(s),
                        Named.as("rollup-5m-aggregate"),
                        windowStore(Stores.ROLLUP_5M, Duration.ofMinutes(5), config.windowGrace()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("rollup-5m-final"))
                .toStream(Named.as("rollup-5m-closed"));
        KStream<String, TenantMetricRollup> fiveMinute = rollupRecords(fiveMinuteFinal, "5m");
        fiveMinute.to(
                DerivedTopics.TENANT_METRICS_5M.name(), produced(DerivedTopics.TENANT_METRICS_5M, "rollup-5m-sink"));

        // Hours merge the final 5-minute aggregates (mergeable digests) instead of re-aggregating every sample:
        // the per-sample work is done once. Same key, same partition count: each hour partition has one upstream
        // task, so the 5-minute finals arrive in order.
        KStream<Windowed<String>, MetricAgg> hourFinal = fiveMinuteFinal
                .selectKey((w, agg) -> w.key(), Named.as("rollup-1h-rekey"))
                .groupByKey(Grouped.with("rollup-1h-partials", STRING, MetricAgg.serde()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofHours(1), config.hourWindowGrace()))
                .aggregate(
                        MetricAgg::new,
                        (key, part, agg) -> agg.merge(part),
                        Named.as("rollup-1h-aggregate"),
                        windowStore(Stores.ROLLUP_1H, Duration.ofHours(1), config.hourWindowGrace()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("rollup-1h-final"))
                .toStream(Named.as("rollup-1h-closed"));
        rollupRecords(hourFinal, "1h")
                .to(
                        DerivedTopics.TENANT_METRICS_1H.name(),
                        produced(DerivedTopics.TENANT_METRICS_1H, "rollup-1h-sink"));
        return config.noisy().window().equals("5m") ? fiveMinute : rollupRecords(hourFinal, "1h-noisy");
    }

    private static Materialized<String, MetricAgg, WindowStore<Bytes, byte[]>> windowStore(
            String name, Duration size, Duration grace) {
        return Materialized.<String, MetricAgg, WindowStore<Bytes, byte[]>>as(name)
                .withKeySerde(STRING)
                .withValueSerde(MetricAgg.serde())
                .withRetention(size.plus(grace).plus(Duration.ofMinutes(5)));
    }

    private static KStream<String, TenantMetricRollup> rollupRecords(
            KStream<Windowed<String>, MetricAgg> closed, String name) {
        String window = name.startsWith("1h") ? "1h" : "5m";
        return closed.map(
                (Windowed<String> w, MetricAgg agg) -> {
                    TenantMetricRollup r = agg.toRollup(
                            window, w.window().startTime(), w.window().end());
                    return KeyValue.pair(r.key(), r);
                },
                Named.as("rollup-" + name + "-record"));
    }

    // ---- quotas: utilisation rows and threshold / forecast alerts ----

    private void quotas(StreamsBuilder builder) {
        builder.addStateStore(kvStore(Stores.QUOTA_STATE, JsonSerde.of(QuotaState.class)));
        KStream<String, EnrichedQuota> quotas = source(builder, Topics.RAW_QUOTAS, "raw-quotas-source")
                .process(
                        () -> new Enricher<QuotaSample, EnrichedQuota>(
                                q -> q.account().value(),
                                (q, reg) -> new EnrichedQuota(
                                        q, reg == null ? dev.tenantscope.model.TenantId.UNASSIGNED : reg.tenant()),
                                counters),
                        Named.as("enrich-quotas"));
        quotas.filter((k, q) -> q.sample().usage() != null, Named.as("quota-has-usage"))
                .map((k, q) -> KeyValue.pair(q.quotaKey(), q.toUsage()), Named.as("quota-usage-row"))
                .to(DerivedTopics.QUOTA_USAGE.name(), produced(DerivedTopics.QUOTA_USAGE, "quota-usage-sink"));
        quotas.process(() -> new QuotaAlertProcessor(config.quota()), Named.as("quota-alerts"), Stores.QUOTA_STATE)
                .to(DerivedTopics.ALERTS.name(), produced(DerivedTopics.ALERTS, "quota-alerts-sink"));
    }

    // ---- noisy tenants: own history and tier cohort ----

    private void noisy(StreamsBuilder builder, KStream<String, TenantMetricRollup> rollups) {
        builder.addStateStore(kvStore(Stores.NOISY_STATE, JsonSerde.of(NoisyState.class)));
        Set<String> watched = Set.copyOf(config.noisy().metrics());
        Duration size = config.noisy().window().equals("5m") ? Duration.ofMinutes(5) : Duration.ofHours(1);
        KStream<String, Alert> alerts = rollups.filter(
                        (k, r) -> watched.isEmpty() || watched.contains(r.namespace() + "/" + r.metric()),
                        Named.as("noisy-watched"))
                .selectKey(
                        (k, r) -> r.tier() + '\u001f' + r.namespace() + '\u001f' + r.metric(),
                        Named.as("noisy-by-cohort"))
                .repartition(Repartitioned.with(STRING, DerivedTopics.TENANT_METRICS_5M.valueSerde())
                        .withName("noisy-cohort"))
                .process(
                        () -> new NoisyTenantProcessor(config.noisy(), size),
                        Named.as("noisy-tenants"),
                        Stores.NOISY_STATE);
        alerts.to(DerivedTopics.ALERTS.name(), produced(DerivedTopics.ALERTS, "noisy-alerts-sink"));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> kvStore(String name, Serde<V> valueSerde) {
        return org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name), STRING, valueSerde);
    }
}
