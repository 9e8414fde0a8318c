package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.CostLine;
import dev.tenantscope.model.rollup.TenantDailyCost;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.JsonSerde;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.internal.key.AccountDayKey;
import dev.tenantscope.streams.internal.key.CostKey;
import dev.tenantscope.streams.internal.key.DailyCostKey;
import dev.tenantscope.streams.internal.key.MonthRowKey;
import dev.tenantscope.streams.internal.key.TenantAccountDayKey;
import java.time.ZoneOffset;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Cost, restatement-safe: raw cost lines, zeroes for the lines a later pull dropped ({@link PulledLines}) and the
 * collector's API spend → attributed and classed
 * ({@code cost-enrich}) → shared accounts split ({@link SharedCostTopology}) → a KTable of the latest value per
 * {@link CostKey} ({@code cost-lines}) → per-tenant daily rows by {@link DailyCostKey} (adder + subtractor,
 * {@code cost-daily}) → {@code tenantscope.tenant.cost.daily}; the rows summed per {@link TenantAccountDayKey}
 * ({@code cost-summary}) → {@code tenantscope.tenant.cost.daily.summary}; month close and restatement diffs
 * ({@code month-close}) → {@code tenantscope.tenant.cost.month-close} / {@code .restatements}.
 */
final class CostTopology {
    private static final Serde<AttributedCost> ATTRIBUTED = JsonSerde.of(AttributedCost.class);
    private static final Serde<TenantDailyCost> DAILY = DerivedTopics.TENANT_COST_DAILY.valueSerde();
    private static final Serde<CostLine> COST_LINE = Topics.RAW_COST.valueSerde();

    private final TopologyContext context;

    CostTopology(TopologyContext context) {
        this.context = context;
    }

    /**
     * @param lines the raw cost lines ({@code raw-cost-source})
     * @param runs the collector runs, whose API spend is part of each account's baseline cost
     * @return the per-tenant daily rows, for the parts that judge them
     */
    KTable<DailyCostKey, TenantDailyCost> addTo(
            StreamsBuilder builder, KStream<String, CostLine> lines, KStream<String, CollectorRun> runs) {
        StreamsAppConfig.Cost config = context.config().cost();
        builder.addStateStore(TopologyContext.kvStore(Stores.UNASSIGNED_COST, CostKey.SERDE, COST_LINE));
        builder.addStateStore(TopologyContext.kvStore(Stores.PULLED_LINES, CostKey.SERDE, COST_LINE));
        builder.addStateStore(
                TopologyContext.kvStore(Stores.MONTH_ROWS, MonthRowKey.SERDE, JsonSerde.of(MonthRow.class)));
        builder.addStateStore(TopologyContext.kvStore(Stores.MONTHS, Serdes.String(), Serdes.Long()));

        CostClassifier classifier = new CostClassifier(config.baselineRules());
        KStream<String, CostLine> remembered =
                lines.process(PulledLines.Remember::new, Named.as("cost-pulled-lines"), Stores.PULLED_LINES);
        KStream<String, CostLine> zeroes = context.source(builder, Topics.RAW_COST_PULLS, "raw-cost-pulls-source")
                .process(
                        () -> new PulledLines.Zero(context.counters()),
                        Named.as("cost-pull-zeroing"),
                        Stores.PULLED_LINES);
        KStream<String, CostLine> restated = remembered.merge(zeroes, Named.as("cost-merge-zeroes"));
        KStream<CostKey, AttributedCost> enriched = restated.merge(
                        collectorSpend(runs), Named.as("cost-merge-api-spend"))
                .process(
                        () -> new CostEnricher(classifier, config.reattributeEvery(), context.counters()),
                        Named.as("cost-enrich"),
                        Stores.UNASSIGNED_COST);
        KTable<DailyCostKey, TenantDailyCost> daily =
                daily(costLines(new SharedCostTopology(config.sharedAccounts()).addTo(builder, enriched)));

        // Published under the row's contract key; rows are never null (adder and subtractor always return one).
        daily.toStream(Named.as("cost-daily-changes"))
                .selectKey((key, row) -> row.key(), Named.as("cost-daily-topic-key"))
                .to(
                        DerivedTopics.TENANT_COST_DAILY.name(),
                        TopologyContext.produced(DerivedTopics.TENANT_COST_DAILY, "cost-daily-sink"));
        summary(daily);
        monthClose(daily);
        return daily;
    }

    /**
     * The collector's API spend per account and day, as a synthetic cost line: a KTable (sum of the day's runs)
     * whose changes replace each other downstream exactly like restated Cost Explorer lines. Keyed by account
     * again, like the raw cost lines it is merged with.
     */
    private KStream<String, CostLine> collectorSpend(KStream<String, CollectorRun> runs) {
        return runs.groupBy(
                        (k, run) -> new AccountDayKey(
                                run.account(),
                                run.startedAt().atZone(ZoneOffset.UTC).toLocalDate()),
                        Grouped.with("collector-spend", AccountDayKey.SERDE, Topics.COLLECTOR_RUNS.valueSerde()))
                .aggregate(
                        () -> null,
                        (key, run, line) -> ApiSpend.add(line, run),
                        Named.as("collector-spend-aggregate"),
                        Materialized.<AccountDayKey, CostLine, KeyValueStore<Bytes, byte[]>>as(Stores.COLLECTOR_SPEND)
                                .withKeySerde(AccountDayKey.SERDE)
                                .withValueSerde(COST_LINE))
                .toStream(Named.as("collector-spend-changes"))
                .selectKey((day, line) -> day.account().value(), Named.as("collector-spend-by-account"));
    }

    /** The latest value of every line: a restated line replaces, a re-attributed one moves. */
    private static KTable<CostKey, AttributedCost> costLines(KStream<CostKey, AttributedCost> lines) {
        return lines.groupByKey(Grouped.with("cost-lines", CostKey.SERDE, ATTRIBUTED))
                .reduce(
                        AttributedCost::latest,
                        Named.as("cost-lines-latest"),
                        Materialized.<CostKey, AttributedCost, KeyValueStore<Bytes, byte[]>>as(Stores.COST_LINES)
                                .withKeySerde(CostKey.SERDE)
                                .withValueSerde(ATTRIBUTED));
    }

    /** Lines summed into per-tenant daily rows; the subtractor takes a replaced line's old value out. */
    private KTable<DailyCostKey, TenantDailyCost> daily(KTable<CostKey, AttributedCost> costLines) {
        return costLines
                .groupBy(
                        (key, c) -> KeyValue.pair(c.dailyKey(), c),
                        Grouped.with("cost-daily", DailyCostKey.SERDE, ATTRIBUTED))
                .aggregate(
                        CostAgg::empty,
                        (key, c, agg) -> agg.plus(c, context.versionClock().getAsLong()),
                        (key, c, agg) -> agg.minus(c, context.versionClock().getAsLong()),
                        Named.as("cost-daily-aggregate"),
                        Materialized.<DailyCostKey, CostAgg, KeyValueStore<Bytes, byte[]>>as(Stores.COST_DAILY)
                                .withKeySerde(DailyCostKey.SERDE)
                                .withValueSerde(JsonSerde.of(CostAgg.class)))
                .mapValues(CostAgg::toRow, Named.as("cost-daily-row"));
    }

    /** Workload and baseline per tenant, account and day. */
    private void summary(KTable<DailyCostKey, TenantDailyCost> daily) {
        daily.groupBy(
                        (key, row) ->
                                KeyValue.pair(new TenantAccountDayKey(row.tenant(), row.account(), row.day()), row),
                        Grouped.with("cost-summary", TenantAccountDayKey.SERDE, DAILY))
                .aggregate(
                        SummaryAgg::empty,
                        (key, row, agg) ->
                                agg.apply(row, +1, context.versionClock().getAsLong()),
                        (key, row, agg) ->
                                agg.apply(row, -1, context.versionClock().getAsLong()),
                        Named.as("cost-summary-aggregate"),
                        Materialized.<TenantAccountDayKey, SummaryAgg, KeyValueStore<Bytes, byte[]>>as(
                                        Stores.COST_SUMMARY)
                                .withKeySerde(TenantAccountDayKey.SERDE)
                                .withValueSerde(JsonSerde.of(SummaryAgg.class)))
                .toStream(Named.as("cost-summary-changes"))
                .mapValues(SummaryAgg::toSummary, Named.as("cost-summary-row"))
                .selectKey((key, summary) -> summary.key(), Named.as("cost-summary-topic-key"))
                .to(
                        DerivedTopics.TENANT_COST_DAILY_SUMMARY.name(),
                        TopologyContext.produced(DerivedTopics.TENANT_COST_DAILY_SUMMARY, "cost-summary-sink"));
    }

    /** Months frozen on the close day; later changes to a frozen month's rows are reported as diffs. */
    private void monthClose(KTable<DailyCostKey, TenantDailyCost> daily) {
        daily.toStream(Named.as("cost-daily-for-close"))
                .filter((k, row) -> row != null, Named.as("cost-daily-not-null"))
                .process(
                        () -> new MonthCloseProcessor(context.config().cost().closeDayOfMonth()),
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
                                                TopologyContext.produced(
                                                        DerivedTopics.COST_MONTH_CLOSE, "month-close-sink")),
                                "close"))
                .defaultBranch(Branched.withConsumer(
                        s -> s.mapValues(CloseEvent::restatement, Named.as("month-close-diff"))
                                .to(
                                        DerivedTopics.COST_RESTATEMENTS.name(),
                                        TopologyContext.produced(DerivedTopics.COST_RESTATEMENTS, "restatements-sink")),
                        "restatement"));
    }
}
