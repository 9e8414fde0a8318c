package dev.tenantscope.collector.internal.pull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers what was emitted per series for as far back as windows overlap, so re-pulled datapoints are emitted
 * once — and again only if their value changed (a late datapoint completing its period is a new fact).
 */
public final class SeriesLedger {
    private final Duration keep;
    private final Map<String, TreeMap<Instant, Double>> series = new ConcurrentHashMap<>();

    /** @param keep how far behind a series' newest point to remember: the window overlap plus one period */
    public SeriesLedger(Duration keep) {
        this.keep = keep;
    }

    /** True when (series, timestamp, value) was not emitted before; records it. */
    public boolean firstTime(String seriesKey, Instant timestamp, double value) {
        TreeMap<Instant, Double> points = series.computeIfAbsent(seriesKey, k -> new TreeMap<>());
        synchronized (points) {
            if (!points.isEmpty() && timestamp.isBefore(points.lastKey().minus(keep))) {
                return false; // older than anything we still track: emitted in an earlier window
            }
            Double previous = points.put(timestamp, value);
            points.headMap(points.lastKey().minus(keep)).clear();
            return previous == null || Double.compare(previous, value) != 0;
        }
    }

    public int seriesCount() {
        return series.size();
    }
}
