package dev.tenantscope.fleetsim.internal;

import java.util.Arrays;

/**
 * One-minute values of every metric of every workload unit (an account in one of its regions, {@link
 * Fleet#unit}; unit {@code a} is account {@code a} in its home region), computed on demand. A period's statistics aggregate its
 * minutes: Sum, Average (of minute values), Minimum, Maximum, SampleCount (minutes), pNN (nearest rank).
 */
public final class MetricModel {
    private static final long SALT_NOISE = 21, SALT_LATE = 22, SALT_NOISE2 = 23, SALT_CALLS = 24, SALT_ROUND = 100;
    public static final double LAMBDA_QUOTA = 1000;

    /** Daily shape per minute of day, precomputed: the hot path evaluates it for every minute of every query. */
    private static final double[] DAILY = new double[1440];

    static {
        for (int m = 0; m < 1440; m++) {
            DAILY[m] = 1 + 0.6 * StrictMath.cos(2 * Math.PI * (m / 60.0 - 15) / 24);
        }
    }

    private final Fleet fleet;
    private final Episodes episodes;
    private final long seed;

    public MetricModel(Fleet fleet, Episodes episodes) {
        this.fleet = fleet;
        this.episodes = episodes;
        this.seed = fleet.spec.seed();
    }

    /** Daily × weekly shape: peak 15:00 UTC, weekends at 60%. */
    static double shape(long epochSecond) {
        double daily = DAILY[(int) (Math.floorMod(epochSecond, Fleet.DAY) / 60)];
        long dow = Math.floorMod(Math.floorDiv(epochSecond, Fleet.DAY) + 3, 7); // 0 = Monday
        return daily * (dow >= 5 ? 0.6 : 1.0);
    }

    /** The second at which the datapoint of {@code minute} becomes visible: 1–2 minutes after the minute ends. */
    public long visibleAt(int account, long minute) {
        return minute + 60 + 60 + Hash.below(Hash.of(seed, SALT_LATE, account, minute / 60), 60);
    }

    private double invocations(int u, long m, Episodes.Episode e) {
        double noise = 0.85 + 0.3 * Hash.unit(Hash.of(seed, SALT_NOISE, u, m / 60));
        double v = fleet.invocationsPerMinute[fleet.accountOfUnit(u)] * fleet.shareOfUnit(u) * shape(m) * noise;
        if (e != null && e.signal() == 0) {
            v *= 10;
        }
        return Math.floor(v);
    }

    /** Lambda concurrency drifting towards (and over) the quota on the account's schedule (home region), else 0. */
    double ramp(int u, long m) {
        if (u >= fleet.size()) {
            return 0;
        }
        int a = u;
        long start = fleet.driftStart[a];
        if (start == Fleet.NO_DRIFT || m < start) {
            return 0;
        }
        long t = m - start;
        long dur = fleet.driftSeconds[a];
        if (t < dur) {
            return Math.floor(1.1 * LAMBDA_QUOTA * t / dur);
        }
        return t < dur + Fleet.DAY ? Math.floor(1.1 * LAMBDA_QUOTA) : 0;
    }

    /**
     * The 1-minute value of unit {@code u} at {@code minute} (epoch second, multiple of 60), or NaN if its account
     * is inactive.
     */
    public double minute(int u, Metric metric, long m) {
        int a = fleet.accountOfUnit(u);
        if (!fleet.active(a, m)) {
            return Double.NaN;
        }
        Episodes.Episode e = episodes.at(fleet.tenantOf(a), m);
        int signal = e == null ? -1 : e.signal();
        double inv = invocations(u, m, e);
        double noise2 = 0.9 + 0.2 * Hash.unit(Hash.of(seed, SALT_NOISE2, u, m / 60));
        return switch (metric) {
            case LAMBDA_INVOCATIONS -> inv;
            case LAMBDA_ERRORS -> round(inv * (signal == 2 ? 0.25 : fleet.errorRate[a]), u, m, 1);
            case LAMBDA_THROTTLES -> round(inv * (signal == 1 ? 0.30 : 0.0005), u, m, 2);
            case LAMBDA_DURATION -> Math.round(fleet.durationMs[a] * noise2 * 100) / 100.0;
            case LAMBDA_CONCURRENT, USAGE_LAMBDA_CONCURRENCY ->
                Math.max(Math.ceil(inv * fleet.durationMs[a] / 60_000 * 1.5), ramp(u, m));
            case DDB_READ -> Math.floor(inv * 3 * noise2);
            case DDB_WRITE -> inv;
            case DDB_THROTTLED -> round(inv * (signal == 1 ? 0.2 : 0.0001), u, m, 3);
            case EVENTS_INVOCATIONS -> Math.floor(inv * 0.3);
            case EVENTS_FAILED -> round(inv * 0.3 * (signal == 2 ? 0.2 : 0.001), u, m, 4);
            case API_COUNT -> Math.floor(inv * 0.8);
            case API_5XX -> round(inv * 0.8 * (signal == 2 ? 0.2 : fleet.errorRate[a] / 2), u, m, 5);
            case API_LATENCY -> Math.round((fleet.durationMs[a] * noise2 + 15) * 100) / 100.0;
            // a steady 1 to 30 calls a second per account, against a quota of 50 a second (steady: the tenants'
            // dashboards poll on a timer, and a flat series gives quota forecasts no trend to extrapolate)
            case USAGE_GET_METRIC_DATA_CALLS -> Math.floor(60 * (1 + 29 * Hash.unit(Hash.of(seed, SALT_CALLS, u))));
        };
    }

    /** Rounds an expected count up or down at random, so rare events still happen at their rate. */
    private double round(double expected, int a, long m, int salt) {
        return Math.floor(expected + Hash.unit(Hash.of(seed, SALT_ROUND + salt, a, m / 60)));
    }

    /**
     * The statistic over [start, start + period) using minutes visible at {@code asOf} (Long.MAX_VALUE = all), or
     * NaN when no minute has data. Period is a multiple of 60.
     */
    public double aggregate(int a, Metric metric, String stat, long start, int period, long asOf) {
        int n = period / 60;
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        int count = 0;
        double[] values = stat.startsWith("p") ? new double[n] : null;
        for (int k = 0; k < n; k++) {
            long m = start + k * 60L;
            if (asOf != Long.MAX_VALUE && visibleAt(a, m) > asOf) {
                continue;
            }
            double v = minute(a, metric, m);
            if (Double.isNaN(v)) {
                continue;
            }
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (values != null) {
                values[count] = v;
            }
            count++;
        }
        if (count == 0) {
            return Double.NaN;
        }
        return switch (stat) {
            case "Sum" -> sum;
            case "Average" -> sum / count;
            case "Minimum" -> min;
            case "Maximum" -> max;
            case "SampleCount" -> count;
            default -> percentile(values, count, stat);
        };
    }

    private static double percentile(double[] values, int count, String stat) {
        double p = Double.parseDouble(stat.substring(1)) / 100;
        double[] v = Arrays.copyOf(values, count);
        Arrays.sort(v);
        int rank = (int) Math.ceil(p * count);
        return v[Math.max(0, Math.min(count - 1, rank - 1))];
    }

    /** True for statistics {@link #aggregate} understands. */
    public static boolean knownStat(String stat) {
        return switch (stat) {
            case "Sum", "Average", "Minimum", "Maximum", "SampleCount" -> true;
            default -> stat.matches("p(\\d{1,2}(\\.\\d{1,2})?|100)");
        };
    }

    /** First minute at which the drift ramp reaches {@code fraction} × quota, or Long.MIN_VALUE if never. */
    public long crossing(int a, double fraction) {
        long start = fleet.driftStart[a];
        if (start == Fleet.NO_DRIFT) {
            return Long.MIN_VALUE;
        }
        long lo = 0, hi = fleet.driftSeconds[a] / 60; // ramp(hi) is the plateau 1.1 × quota
        double threshold = fraction * LAMBDA_QUOTA;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (ramp(a, start + mid * 60) >= threshold) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return start + lo * 60;
    }

    public Episodes episodes() {
        return episodes;
    }
}
