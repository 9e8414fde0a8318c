package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.internal.key.CoverageKey;
import dev.tenantscope.streams.internal.key.RollupPointKey;
import dev.tenantscope.streams.internal.key.RollupWindowKey;
import dev.tenantscope.streams.internal.key.SignalKey;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Per-tenant rollups of metrics and log error counts, for pulled, late and re-pulled data: datapoints and the
 * collector runs' coverage, grouped by {@link SignalKey} ({@code tenant-signals}), meet in {@link RollupProcessor}
 * (stores {@code rollup-windows-store}, {@code rollup-hours-store}, {@code rollup-coverage-store}), which emits a
 * window when every account being collected has covered it and again when it changes →
 * {@code tenantscope.tenant.metrics.5m} and {@code .1h}.
 *
 * <p>What the rest of the topology sees is {@link FinalRollups}: the first emission of each window, keyed as on
 * the rollup topics (a re-emission is a correction, not a new observation).
 */
final class RollupTopology {
    private final TopologyContext context;

    RollupTopology(TopologyContext context) {
        this.context = context;
    }

    /** Each window's one observation (complete, or incomplete at maxWait), for detectors downstream. */
    static final class FinalRollups {
        private final KStream<String, RollupProcessor.Emitted> emitted;

        private FinalRollups(KStream<String, RollupProcessor.Emitted> emitted) {
            this.emitted = emitted;
        }

        /** The observation of each window of {@code window} ("5m" or "1h"). */
        KStream<String, TenantMetricRollup> of(String window) {
            return emitted.filter(
                            (k, e) -> e.observe() && e.rollup().window().equals(window),
                            Named.as("rollup-first-" + window))
                    .mapValues(RollupProcessor.Emitted::rollup, Named.as("rollup-first-" + window + "-record"));
        }

        /** Early looks at 5-minute windows not observed yet: sums so far, lower bounds of the final sums. */
        KStream<String, TenantMetricRollup> early() {
            return emitted.filter((k, e) -> e.early(), Named.as("rollup-early-5m"))
                    .mapValues(RollupProcessor.Emitted::rollup, Named.as("rollup-early-5m-record"));
        }
    }

    /** @param runs the collector runs: their coverage decides when windows are final */
    FinalRollups addTo(StreamsBuilder builder, KStream<String, CollectorRun> runs) {
        builder.addStateStore(
                TopologyContext.kvStore(Stores.ROLLUP_WINDOWS, RollupWindowKey.SERDE, RollupWindow.serde()));
        builder.addStateStore(
                TopologyContext.kvStore(Stores.ROLLUP_HOURS, RollupWindowKey.SERDE, RollupWindow.serde()));
        builder.addStateStore(TopologyContext.kvStore(Stores.ROLLUP_COVERAGE, CoverageKey.SERDE, Serdes.Long()));
        builder.addStateStore(TopologyContext.kvStore(Stores.ROLLUP_POINTS, RollupPointKey.SERDE, Serdes.Double()));
        KStream<String, RollupProcessor.Emitted> emitted = inputs(builder, runs)
                .selectKey((k, in) -> in.groupKey(), Named.as("rollup-by-signal"))
                .repartition(
                        Repartitioned.with(SignalKey.SERDE, RollupInput.serde()).withName("tenant-signals"))
                .process(
                        () -> new RollupProcessor(
                                context.config().rollups(), context.counters(), context.versionClock()),
                        Named.as("rollup-windows"),
                        Stores.ROLLUP_WINDOWS,
                        Stores.ROLLUP_HOURS,
                        Stores.ROLLUP_COVERAGE,
                        Stores.ROLLUP_POINTS);
        emitted.filter((k, e) -> !e.early() && e.rollup().window().equals("5m"), Named.as("rollup-5m"))
                .mapValues(RollupProcessor.Emitted::rollup, Named.as("rollup-5m-record"))
                .to(
                        DerivedTopics.TENANT_METRICS_5M.name(),
                        TopologyContext.produced(DerivedTopics.TENANT_METRICS_5M, "rollup-5m-sink"));
        emitted.filter((k, e) -> e.rollup().window().equals("1h"), Named.as("rollup-1h"))
                .mapValues(RollupProcessor.Emitted::rollup, Named.as("rollup-1h-record"))
                .to(
                        DerivedTopics.TENANT_METRICS_1H.name(),
                        TopologyContext.produced(DerivedTopics.TENANT_METRICS_1H, "rollup-1h-sink"));
        return new FinalRollups(emitted);
    }

    /** Metric samples, log error counts and the runs' coverage as one stream of rollup inputs. */
    private KStream<String, RollupInput> inputs(StreamsBuilder builder, KStream<String, CollectorRun> runs) {
        KStream<String, RollupInput> metricSignals = context.source(builder, Topics.RAW_METRICS, "raw-metrics-source")
                .process(
                        () -> new Enricher<MetricSample, RollupInput>(
                                s -> s.account().value(), Signal::of, context.counters()),
                        Named.as("enrich-metrics"));
        KStream<String, RollupInput> logSignals = context.source(builder, Topics.RAW_LOGS, "raw-logs-source")
                .process(
                        () -> new Enricher<LogSignal, RollupInput>(
                                l -> l.account().value(), Signal::of, context.counters()),
                        Named.as("enrich-logs"));
        // a run of an unknown account is counted once, by enrich-collector-runs: not again here
        KStream<String, RollupInput> coverage = runs.filter(
                        (k, run) -> !run.coverage().isEmpty(), Named.as("runs-with-coverage"))
                .process(
                        () -> new Enricher<CollectorRun, List<Covered>>(
                                run -> run.account().value(), Covered::of, new StreamsCounters()),
                        Named.as("enrich-coverage"))
                .flatMapValues(covered -> List.<RollupInput>copyOf(covered), Named.as("coverage-per-signal"));
        return metricSignals.merge(logSignals, Named.as("signals-merge")).merge(coverage, Named.as("coverage-merge"));
    }
}
