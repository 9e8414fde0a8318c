package dev.tenantscope.fleetsim.internal;

import dev.tenantscope.fleetsim.SimCatalog;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Log lines per (workload unit — an account in one of its regions, {@link Fleet#unit} —, log group, minute),
 * generated on demand; a region without the account's workload has no log groups. Lambda groups carry the Lambda Errors metric
 * as ERROR lines (split among the account's functions); app groups have rare errors plus error episodes. Every line
 * of a kind has the same length, so counts and bytes need no line text.
 *
 * <p>Every account has the four {@link SimCatalog#LOG_GROUPS}; {@value #MANY_GROUPS_PERCENT} % of accounts also run
 * 100 to 299 more Lambda functions, {@code /aws/lambda/fn-000}…, each with its log group, as accounts with hundreds
 * of functions do. Group index: 0–3 the common groups, 4 + j the function {@code fn-j}.
 */
public final class LogModel {
    private static final long SALT_INFO = 41, SALT_APP = 42, SALT_MANY = 44;
    static final int MANY_GROUPS_PERCENT = 5;
    public static final List<String> GROUPS = SimCatalog.LOG_GROUPS;
    private static final int BASE = GROUPS.size();

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

    /** Extra Lambda functions (and log groups) of account {@code a}: 0 for most, 100–299 for some. */
    public int extraFunctions(int a) {
        long h = Hash.of(seed, SALT_MANY, a);
        return Hash.below(h, 100) < MANY_GROUPS_PERCENT ? 100 + Hash.below(Hash.mix(h), 200) : 0;
    }

    /** The account's log groups, in index order. */
    public List<String> groups(int a) {
        List<String> out = new java.util.ArrayList<>(GROUPS);
        for (int j = 0, n = extraFunctions(a); j < n; j++) {
            out.add(name(BASE + j));
        }
        return out;
    }

    /** The index of a log group of account {@code a}, or -1 when the account has no such group. */
    public int groupIndex(int a, String name) {
        int g = GROUPS.indexOf(name);
        if (g >= 0 || name == null || !name.startsWith("/aws/lambda/fn-") || name.length() != 18) {
            return g;
        }
        try {
            int j = Integer.parseInt(name.substring(15));
            return j < extraFunctions(a) ? BASE + j : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String name(int group) {
        return group < BASE ? GROUPS.get(group) : String.format("/aws/lambda/fn-%03d", group - BASE);
    }

    private static String source(int group) {
        String g = name(group);
        return g.substring(g.lastIndexOf('/') + 1);
    }

    private static boolean lambda(int group) {
        return group < 2 || group >= BASE;
    }

    /** ERROR lines in a minute. */
    public int errors(int a, int group, long m) {
        if (!fleet.active(fleet.accountOfUnit(a), m)) {
            return 0;
        }
        if (lambda(group)) {
            // the Lambda Errors metric, spread over the functions: the first ones get the remainder
            int e = (int) metrics.minute(a, Metric.LAMBDA_ERRORS, m);
            int functions = 2 + extraFunctions(a);
            int rank = group < 2 ? group : group - BASE + 2;
            return e / functions + (rank < e % functions ? 1 : 0);
        }
        Episodes.Episode ep = metrics.episodes().at(fleet.tenantOf(fleet.accountOfUnit(a)), m);
        int base = Hash.below(Hash.of(seed, SALT_APP, a, m / 60 * 4 + group), 10) == 0 ? 1 : 0;
        return base + (ep != null && ep.signal() == 2 ? 5 : 0);
    }

    /** INFO lines in a minute. */
    public int infos(int a, int group, long m) {
        if (!fleet.active(fleet.accountOfUnit(a), m)) {
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
