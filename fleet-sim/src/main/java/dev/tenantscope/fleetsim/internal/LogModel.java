package dev.tenantscope.fleetsim.internal;

import dev.tenantscope.fleetsim.SimCatalog;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Log lines per (account, log group, minute), generated on demand. Lambda groups carry the Lambda Errors metric
 * as ERROR lines (split between the two functions); app groups have rare errors plus error episodes. Every line
 * of a kind has the same length, so counts and bytes need no line text.
 */
public final class LogModel {
    private static final long SALT_INFO = 41, SALT_APP = 42;
    public static final List<String> GROUPS = SimCatalog.LOG_GROUPS;

    private static final java.time.format.DateTimeFormatter TS = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final Fleet fleet;
    private final MetricModel metrics;
    private final long seed;

    public LogModel(Fleet fleet, MetricModel metrics) {
        this.fleet = fleet;
        this.metrics = metrics;
        this.seed = fleet.spec.seed();
    }

    public static int groupIndex(String name) {
        return GROUPS.indexOf(name);
    }

    private static String source(int group) {
        String g = GROUPS.get(group);
        return g.substring(g.lastIndexOf('/') + 1);
    }

    /** ERROR lines in a minute. */
    public int errors(int a, int group, long m) {
        if (!fleet.active(a, m)) {
            return 0;
        }
        if (group < 2) {
            int e = (int) metrics.minute(a, Metric.LAMBDA_ERRORS, m);
            return group == 0 ? e - e / 2 : e / 2;
        }
        Episodes.Episode ep = metrics.episodes().at(fleet.tenantOf(a), m);
        int base = Hash.below(Hash.of(seed, SALT_APP, a, m / 60 * 4 + group), 10) == 0 ? 1 : 0;
        return base + (ep != null && ep.signal() == 2 ? 5 : 0);
    }

    /** INFO lines in a minute. */
    public int infos(int a, int group, long m) {
        if (!fleet.active(a, m)) {
            return 0;
        }
        return 1 + Hash.below(Hash.of(seed, SALT_INFO, a, m / 60 * 4 + group), 3);
    }

    /** The k-th line of a minute (errors first); fixed width per kind. */
    public String line(int a, int group, long m, int k, boolean error) {
        String ts = TS.format(Instant.ofEpochMilli(timestampMs(m, k, errors(a, group, m) + infos(a, group, m))));
        String req = String.format("%016x", Hash.of(seed, 43, a, m * 8 + group, k));
        return error
                ? ts + " ERROR [" + source(group) + "] request failed: DownstreamTimeout req=" + req
                : ts + " INFO [" + source(group) + "] request ok req=" + req;
    }

    public static long timestampMs(long m, int k, int total) {
        return m * 1000 + (long) k * 60_000 / Math.max(1, total);
    }

    /** Representative lines, used to decide whether a filter matches a kind. */
    public String sample(int group, boolean error) {
        return line(0, group, fleet.spec.genesis().getEpochSecond() / 60 * 60, 0, error);
    }

    /** Length in bytes of a line of that kind (timestamps are fixed-width ISO with millis). */
    public static int lineBytes(int group, boolean error) {
        int ts = "2026-01-01T00:00:00.000Z".length();
        int src = source(group).length();
        return error
                ? ts + " ERROR [".length() + src + "] request failed: DownstreamTimeout req=".length() + 16
                : ts + " INFO [".length() + src + "] request ok req=".length() + 16;
    }

    /** A log filter: {@code null} pattern matches everything. */
    public record Filter(Pattern pattern) {
        public boolean matches(String line) {
            return pattern == null || pattern.matcher(line).find();
        }
    }
}
