package dev.tenantscope.streams.internal;

import dev.tenantscope.model.rollup.TenantMetricRollup;
import dev.tenantscope.streams.StreamsAppConfig;
import dev.tenantscope.streams.internal.key.CoverageKey;
import dev.tenantscope.streams.internal.key.RollupPointKey;
import dev.tenantscope.streams.internal.key.RollupWindowKey;
import dev.tenantscope.streams.internal.key.SignalKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The rollups of pulled data: every datapoint's latest value is kept, one store entry each, under its 5-minute
 * window ({@code rollup-points-store}), the window's emission state in {@code rollup-windows-store}, each account's
 * coverage per signal and region in {@code rollup-coverage-store};
 * a window (5m or 1h) is emitted when it is final and re-emitted with a higher version when a datapoint of it
 * changes, or when it was emitted incomplete and has become complete.
 *
 * <p>Final, for the windows of one (tenant, signal, region): its end is at or before the settled-through time of
 * every account that is being collected for it — accounts whose coverage is more than {@code alerts.staleAfter}
 * behind the most advanced account's ("the frontier") do not block — or the frontier is {@code rollups.maxWait}
 * past its end. Complete: every account that ever covered the signal in the region has covered the window.
 * Windows are dropped once their hour ends {@code rollups.keep} before the frontier; datapoints for them are
 * counted ({@link StreamsCounters#rollupDatapointsTooOld()}) and ignored.
 *
 * <p>Detectors count a window once ({@link Emitted#observe}): at its first emission once every account within
 * {@code rollups.maxWait} of the frontier has covered it (or it is complete, or the frontier is maxWait past it).
 * Not at a first emission made final only because a lagging account was stale (more than {@code alerts.staleAfter}
 * behind): a tenant's accounts are collected at different jittered slots, and its standard signals (hourly) were
 * learned from one account's share and alerted on whenever a window's first emission had them all (bench alerts:
 * 124 of 173 noisy alerts false). Accounts further behind than maxWait — on the idle heartbeat, or gone — are not
 * waited for.
 *
 * <p>Until then, a 5-minute window of a Sum is also handed to detectors <em>early</em> at each coverage that does
 * not make it observable, with its sum so far ({@link Emitted#early}): datapoints still to come and corrections of
 * a count only add to it, so a sum so far above a detector's bound proves the final one is too. Early looks are
 * never published on the rollup topics. They bring a noisy tenant's first window to the detector when the first
 * account's data for it is in, not when the last account has been collected {@code metrics.overlap} past it.
 */
final class RollupProcessor implements Processor<SignalKey, RollupInput, String, RollupProcessor.Emitted> {
    static final long HOUR = 3_600_000L;

    /** The coverage store's entry per (tenant, signal, region) holding the frontier: no account id is empty. */
    static final String FRONTIER = "";

    /**
     * @param observe whether detectors count this emission: the window's one observation (see the class doc)
     * @param early a window not observed yet, with its sum so far (version 0): for detectors to open on a lower
     *     bound, never to learn from; not a publication
     */
    record Emitted(TenantMetricRollup rollup, boolean observe, boolean early) {
        static Emitted published(TenantMetricRollup rollup, boolean observe) {
            return new Emitted(rollup, observe, false);
        }
    }

    private final StreamsAppConfig.Rollups config;
    private final StreamsCounters counters;
    private final LongSupplier versionClock;
    private ProcessorContext<String, Emitted> context;
    private KeyValueStore<RollupWindowKey, RollupWindow> windows;
    private KeyValueStore<RollupWindowKey, RollupWindow> hours;
    private KeyValueStore<CoverageKey, Long> coverage;
    private KeyValueStore<RollupPointKey, Double> points;

    RollupProcessor(StreamsAppConfig.Rollups config, StreamsCounters counters, LongSupplier versionClock) {
        this.config = config;
        this.counters = counters;
        this.versionClock = versionClock;
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.windows = context.getStateStore(Stores.ROLLUP_WINDOWS);
        this.hours = context.getStateStore(Stores.ROLLUP_HOURS);
        this.coverage = context.getStateStore(Stores.ROLLUP_COVERAGE);
        this.points = context.getStateStore(Stores.ROLLUP_POINTS);
    }

    @Override
    public void process(Record<SignalKey, RollupInput> record) {
        switch (record.value()) {
            case Signal s -> datapoint(s);
            case Covered c -> covered(c);
            case null -> {}
        }
    }

    private void datapoint(Signal s) {
        RollupWindowKey key = s.window();
        Long frontier = coverage.get(CoverageKey.of(key, FRONTIER));
        if (frontier != null && hourEnd(key.startMillis()) + config.keep().toMillis() < frontier) {
            counters.rollupTooOld();
            return;
        }
        RollupPointKey point = new RollupPointKey(key, s.identity());
        Double previous = points.get(point);
        RollupWindow before = adopt(key, windows.get(key));
        boolean sameTier = before != null && before.tier().equals(s.tier());
        if (previous != null && Double.compare(previous, s.value()) == 0 && sameTier) {
            return; // the same value again (a re-pull, a restarted collector): nothing changes
        }
        points.put(point, s.value());
        RollupWindow window =
                before == null ? RollupWindow.of(s.tier()) : sameTier ? before : before.withTier(s.tier());
        if (window != before) {
            windows.put(key, window);
        }
        if (!window.emitted() && frontier != null && end(key) <= frontier) {
            // its coverage came first (the run was processed before its samples): it may be final already
            close(key, frontier(key));
        } else if (window.emitted()) { // a correction of an emitted window: emit it again, and its hour
            Frontier f = frontier(key);
            boolean complete = f.allCovered(end(key));
            emitFive(key, window, complete, !window.observed() && (complete || f.observable(end(key))));
            RollupWindowKey hour = key.withStart(hourStart(key.startMillis()));
            RollupWindow mark = hours.get(hour);
            if (mark != null) {
                long hourEnd = hourEnd(hour.startMillis());
                boolean hourComplete = f.allCovered(hourEnd);
                emitHour(hour, mark, hourComplete, !mark.observed() && (hourComplete || f.observable(hourEnd)));
            }
        }
    }

    private void covered(Covered c) {
        CoverageKey key = c.key();
        Long before = coverage.get(key);
        if (before != null && before >= c.settledThroughMs()) {
            return;
        }
        coverage.put(key, c.settledThroughMs());
        CoverageKey frontierKey = new CoverageKey(key.tenant(), key.namespace(), key.metric(), key.region(), FRONTIER);
        Long frontier = coverage.get(frontierKey);
        if (frontier == null || frontier < c.settledThroughMs()) {
            coverage.put(frontierKey, c.settledThroughMs());
        }
        RollupWindowKey signal = new RollupWindowKey(key.tenant(), key.namespace(), key.metric(), key.region(), 0);
        close(signal, frontier(signal));
    }

    /** Emits what has become final (or complete) among the windows of one (tenant, signal, region); drops the old. */
    private void close(RollupWindowKey signal, Frontier f) {
        List<KeyValue<RollupWindowKey, RollupWindow>> all = new ArrayList<>();
        try (KeyValueIterator<RollupWindowKey, RollupWindow> it = windows.range(signal.first(), signal.last())) {
            it.forEachRemaining(all::add);
        }
        TreeSet<Long> hourStarts = new TreeSet<>();
        Set<Long> hoursWithNewWindows = new HashSet<>();
        for (KeyValue<RollupWindowKey, RollupWindow> kv : all) {
            long end = end(kv.key);
            if (f.tooOld(hourEnd(kv.key.startMillis()))) {
                windows.delete(kv.key);
                deletePoints(kv.key);
                continue;
            }
            hourStarts.add(hourStart(kv.key.startMillis()));
            boolean complete = f.allCovered(end);
            RollupWindow window = adopt(kv.key, kv.value);
            boolean observeNow = !window.observed() && (complete || f.observable(end));
            if (window.emitted() ? (complete && !window.complete()) || observeNow : f.isFinal(end)) {
                if (!window.emitted()) {
                    hoursWithNewWindows.add(hourStart(kv.key.startMillis()));
                }
                emitFive(kv.key, window, complete, observeNow);
            }
            if (!window.observed() && !observeNow) {
                emitEarly(kv.key, window);
            }
        }
        try (KeyValueIterator<RollupWindowKey, RollupWindow> it = hours.range(signal.first(), signal.last())) {
            List<RollupWindowKey> old = new ArrayList<>();
            it.forEachRemaining(kv -> {
                if (f.tooOld(hourEnd(kv.key.startMillis()))) {
                    old.add(kv.key);
                }
            });
            old.forEach(hours::delete);
        }
        for (long start : hourStarts) {
            RollupWindowKey hour = signal.withStart(start);
            RollupWindow mark = hours.get(hour);
            long end = start + HOUR;
            boolean complete = f.allCovered(end);
            // an hour already emitted is emitted again when it became complete, or when one of its windows was
            // emitted for the first time after it (its datapoints came after the coverage that made the hour final)
            RollupWindow was = mark == null ? RollupWindow.EMPTY : mark;
            boolean observeNow = !was.observed() && (complete || f.observable(end));
            if (mark == null
                    ? f.isFinal(end)
                    : (complete && !mark.complete()) || hoursWithNewWindows.contains(start) || observeNow) {
                emitHour(hour, was, complete, observeNow);
            }
        }
    }

    private void emitFive(RollupWindowKey key, RollupWindow window, boolean complete, boolean observe) {
        long version = window.nextVersion(versionClock.getAsLong());
        windows.put(key, window.emittedAs(version, complete, observe));
        TenantMetricRollup r = RollupWindow.rollup(key, "5m", window.tier(), values(key), complete, version);
        context.forward(new Record<>(r.key(), Emitted.published(r, observe), emittedAt()));
    }

    /**
     * The early look at a window not observed yet: only for a Sum of non-negative datapoints (a lower bound of the
     * final sum) above zero (no detector opens on zero).
     */
    private void emitEarly(RollupWindowKey key, RollupWindow window) {
        if (!Signal.isSum(key.metric())) {
            return;
        }
        List<Double> values = values(key);
        double sum = 0;
        for (double v : values) {
            if (v < 0) {
                return;
            }
            sum += v;
        }
        if (sum > 0) {
            TenantMetricRollup r = RollupWindow.rollup(key, "5m", window.tier(), values, false, 0);
            context.forward(new Record<>(r.key(), new Emitted(r, false, true), emittedAt()));
        }
    }

    private void emitHour(RollupWindowKey hour, RollupWindow mark, boolean complete, boolean observe) {
        List<Double> values = new ArrayList<>();
        String tier = "";
        try (KeyValueIterator<RollupWindowKey, RollupWindow> it =
                windows.range(hour, hour.withStart(hour.startMillis() + HOUR - 1))) {
            while (it.hasNext()) {
                KeyValue<RollupWindowKey, RollupWindow> w = it.next();
                values.addAll(values(w.key));
                tier = w.value.tier();
            }
        }
        long version = mark.nextVersion(versionClock.getAsLong());
        hours.put(hour, new RollupWindow(tier, java.util.Map.of(), 0, false).emittedAs(version, complete, observe));
        TenantMetricRollup r = RollupWindow.rollup(hour, "1h", tier, values, complete, version);
        context.forward(new Record<>(r.key(), Emitted.published(r, observe), emittedAt()));
    }

    /** The latest value of every datapoint of one 5-minute window. */
    private List<Double> values(RollupWindowKey window) {
        List<Double> values = new ArrayList<>();
        try (KeyValueIterator<RollupPointKey, Double> it =
                points.prefixScan(RollupPointKey.of(window), RollupPointKey.PREFIX)) {
            it.forEachRemaining(kv -> values.add(kv.value));
        }
        return values;
    }

    private void deletePoints(RollupWindowKey window) {
        List<RollupPointKey> keys = new ArrayList<>();
        try (KeyValueIterator<RollupPointKey, Double> it =
                points.prefixScan(RollupPointKey.of(window), RollupPointKey.PREFIX)) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(points::delete);
    }

    /**
     * A window as read from the store; one written before datapoints had their own store (an upgraded
     * installation) has its datapoints moved there first, so none is lost.
     */
    private RollupWindow adopt(RollupWindowKey key, RollupWindow window) {
        if (window == null || window.points().isEmpty()) {
            return window;
        }
        window.points().forEach((identity, value) -> points.put(new RollupPointKey(key, identity), value));
        RollupWindow moved = window.withoutPoints();
        windows.put(key, moved);
        return moved;
    }

    /**
     * The record timestamp of an emitted rollup: when it was emitted (the application's clock), not the event time
     * of the input that made it final. That input is a datapoint or a run from up to {@code rollups.keep} ago, or
     * from any time when a backlog is replayed; a rollup topic's retention ({@code kafka.topics.retention}) counts
     * from the record timestamp, so rollups stamped with old event time were deleted by the broker before the sink
     * read them.
     */
    private long emittedAt() {
        return context.currentSystemTimeMs();
    }

    /** The coverage of one (tenant, signal, region) over its accounts. */
    private Frontier frontier(RollupWindowKey key) {
        long max = Long.MIN_VALUE;
        List<Long> settled = new ArrayList<>();
        try (KeyValueIterator<CoverageKey, Long> it =
                coverage.prefixScan(CoverageKey.of(key, FRONTIER), CoverageKey.PREFIX)) {
            while (it.hasNext()) {
                KeyValue<CoverageKey, Long> kv = it.next();
                if (kv.key.account().equals(FRONTIER)) {
                    max = Math.max(max, kv.value);
                } else {
                    settled.add(kv.value);
                    max = Math.max(max, kv.value);
                }
            }
        }
        long stale = max - config.staleAfter().toMillis();
        long waitedFor = max - config.maxWait().toMillis();
        long blocking = Long.MAX_VALUE;
        long expected = Long.MAX_VALUE;
        long all = Long.MAX_VALUE;
        for (long s : settled) {
            all = Math.min(all, s);
            if (s >= stale) {
                blocking = Math.min(blocking, s);
            }
            if (s >= waitedFor) {
                expected = Math.min(expected, s);
            }
        }
        return new Frontier(settled.isEmpty() ? Long.MIN_VALUE : max, blocking, expected, all, config);
    }

    /**
     * @param max the most advanced account's settled-through time (the frontier); MIN_VALUE: none yet
     * @param blocking the least advanced account not stale
     * @param expected the least advanced account within {@code maxWait} of the frontier: one collected hourly (a
     *     standard signal) is in; one on the idle heartbeat, or gone, is not
     * @param all the least advanced account
     */
    private record Frontier(long max, long blocking, long expected, long all, StreamsAppConfig.Rollups config) {
        /**
         * Whether detectors may count the window now: every account expected to cover it soon has, or the frontier
         * is maxWait past it.
         */
        boolean observable(long end) {
            return max != Long.MIN_VALUE
                    && (end <= expected || end + config.maxWait().toMillis() <= max);
        }

        boolean isFinal(long end) {
            return max != Long.MIN_VALUE
                    && (end <= blocking || end + config.maxWait().toMillis() <= max);
        }

        boolean allCovered(long end) {
            return max != Long.MIN_VALUE && end <= all;
        }

        boolean tooOld(long hourEnd) {
            return max != Long.MIN_VALUE && hourEnd + config.keep().toMillis() < max;
        }
    }

    private static long end(RollupWindowKey key) {
        return key.startMillis() + RollupInput.FIVE_MINUTES;
    }

    private static long hourStart(long millis) {
        return Math.floorDiv(millis, HOUR) * HOUR;
    }

    private static long hourEnd(long millis) {
        return hourStart(millis) + HOUR;
    }
}
