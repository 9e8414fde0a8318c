package dev.tenantscope.streams.internal;

import dev.tenantscope.model.events.LogSignal;
import dev.tenantscope.model.events.MetricSample;
import dev.tenantscope.model.rollup.TenantMetricRollup;
import dev.tenantscope.model.topic.DerivedTopics;
import dev.tenantscope.model.topic.Topics;
import dev.tenantscope.streams.internal.key.SignalKey;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Per-tenant windowed rollups of metrics and log error counts: signals grouped by {@link SignalKey}
 * ({@code tenant-signals}) → 5-minute windows ({@code rollup-5m-store}) → final results only →
 * {@code tenantscope.tenant.metrics.5m}; the 5-minute finals merged into hours ({@code rollup-1h-partials},
 * {@code rollup-1h-store}) → {@code tenantscope.tenant.metrics.1h}.
 *
 * <p>What the rest of the topology sees is {@link FinalRollups}: final rollups keyed as on the rollup topics.
 * When a window counts as final is decided in {@link #finalOnly} alone (today: stream time past window end plus
 * grace), so a different rule — e.g. final once every account was collected past the window end — replaces
 * that method and this class's inputs, not its callers.
 */
final class RollupTopology {
    private final TopologyContext context;

    RollupTopology(TopologyContext context) {
        this.context = context;
    }

    /** The final rollups of each window, for detectors downstream. */
    static final class FinalRollups {
        private final KStream<String, TenantMetricRollup> fiveMinute;
        private final KStream<Windowed<SignalKey>, MetricAgg> hourClosed;

        private FinalRollups(
                KStream<String, TenantMetricRollup> fiveMinute, KStream<Windowed<SignalKey>, MetricAgg> hourClosed) {
            this.fiveMinute = fiveMinute;
            this.hourClosed = hourClosed;
        }

        /** The final rollups of {@code window} ("5m" or "1h"); for "1h" a branch of its own ({@code 1h-noisy}). */
        KStream<String, TenantMetricRollup> of(String window) {
            return window.equals("5m") ? fiveMinute : rollupRecords(hourClosed, "1h-noisy");
        }
    }

    FinalRollups addTo(StreamsBuilder builder) {
        KGroupedStream<SignalKey, Signal> bySignal = signals(builder);
        Duration grace = context.config().windowGrace();
        KStream<Windowed<SignalKey>, MetricAgg> fiveMinuteClosed = finalOnly(
                bySignal.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(5), grace))
                        .aggregate(
                                MetricAgg::new,
                                (key, s, agg) -> agg.add(s),
                                Named.as("rollup-5m-aggregate"),
                                windowStore(Stores.ROLLUP_5M, Duration.ofMinutes(5), grace)),
                "rollup-5m");
        KStream<String, TenantMetricRollup> fiveMinute = rollupRecords(fiveMinuteClosed, "5m");
        fiveMinute.to(
                DerivedTopics.TENANT_METRICS_5M.name(),
                TopologyContext.produced(DerivedTopics.TENANT_METRICS_5M, "rollup-5m-sink"));

        // Hours merge the final 5-minute aggregates (mergeable digests) instead of re-aggregating every sample:
        // the per-sample work is done once. Same key, same serde, same partition count: each hour partition has
        // one upstream task, so the 5-minute finals arrive in order.
        Duration hourGrace = context.config().hourWindowGrace();
        KStream<Windowed<SignalKey>, MetricAgg> hourClosed = finalOnly(
                fiveMinuteClosed
                        .selectKey((w, agg) -> w.key(), Named.as("rollup-1h-rekey"))
                        .groupByKey(Grouped.with("rollup-1h-partials", SignalKey.SERDE, MetricAgg.serde()))
                        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofHours(1), hourGrace))
                        .aggregate(
                                MetricAgg::new,
                                (key, part, agg) -> agg.merge(part),
                                Named.as("rollup-1h-aggregate"),
                                windowStore(Stores.ROLLUP_1H, Duration.ofHours(1), hourGrace)),
                "rollup-1h");
        rollupRecords(hourClosed, "1h")
                .to(
                        DerivedTopics.TENANT_METRICS_1H.name(),
                        TopologyContext.produced(DerivedTopics.TENANT_METRICS_1H, "rollup-1h-sink"));
        return new FinalRollups(fiveMinute, hourClosed);
    }

    /** Metric samples and log error counts as one stream of tenant signals, grouped by signal. */
    private KGroupedStream<SignalKey, Signal> signals(StreamsBuilder builder) {
        KStream<String, Signal> metricSignals = context.source(builder, Topics.RAW_METRICS, "raw-metrics-source")
                .process(
                        () -> new Enricher<MetricSample, Signal>(
                                s -> s.account().value(), Signal::of, context.counters()),
                        Named.as("enrich-metrics"));
        KStream<String, Signal> logSignals = context.source(builder, Topics.RAW_LOGS, "raw-logs-source")
                .process(
                        () -> new Enricher<LogSignal, Signal>(l -> l.account().value(), Signal::of, context.counters()),
                        Named.as("enrich-logs"));
        return metricSignals
                .merge(logSignals, Named.as("signals-merge"))
                .groupBy((k, s) -> s.groupKey(), Grouped.with("tenant-signals", SignalKey.SERDE, Signal.serde()));
    }

    /** A window's aggregate once, when the window is final: stream time past its end plus grace. */
    private static KStream<Windowed<SignalKey>, MetricAgg> finalOnly(
            KTable<Windowed<SignalKey>, MetricAgg> windows, String name) {
        return windows.suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName(name + "-final"))
                .toStream(Named.as(name + "-closed"));
    }

    private static Materialized<SignalKey, MetricAgg, WindowStore<Bytes, byte[]>> windowStore(
            String name, Duration size, Duration grace) {
        return Materialized.<SignalKey, MetricAgg, WindowStore<Bytes, byte[]>>as(name)
                .withKeySerde(SignalKey.SERDE)
                .withValueSerde(MetricAgg.serde())
                .withRetention(size.plus(grace).plus(Duration.ofMinutes(5)));
    }

    /** Closed windows as published: keyed by {@code TenantMetricRollup.key()}, versioned by the window end. */
    private static KStream<String, TenantMetricRollup> rollupRecords(
            KStream<Windowed<SignalKey>, MetricAgg> closed, String name) {
        String window = name.startsWith("1h") ? "1h" : "5m";
        return closed.map(
                (Windowed<SignalKey> w, MetricAgg agg) -> {
                    TenantMetricRollup r = agg.toRollup(
                            window, w.window().startTime(), w.window().end());
                    return KeyValue.pair(r.key(), r);
                },
                Named.as("rollup-" + name + "-record"));
    }
}
