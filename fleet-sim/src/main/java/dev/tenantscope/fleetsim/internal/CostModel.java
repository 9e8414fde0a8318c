package dev.tenantscope.fleetsim.internal;

import dev.tenantscope.fleetsim.SimCatalog;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Daily cost in micro-dollars per (account, service, day), and its restatement over time.
 *
 * <p>Versions of day D: first estimate from D+1h, restated at D+1d and D+2d, settled at D+3d (Estimated turns
 * false), restated once more at month close ({@link #monthClose}), final after that. This class knows usage at
 * on-demand rates only; {@link Billing} turns it into the lines Cost Explorer shows (record types, bases).
 */
public final class CostModel {
    private static final long SALT_DAY = 31, SALT_BASE = 32, SALT_CREDIT = 33, SALT_VERSION = 34;
    public static final List<String> SERVICES;
    public static final int WORKLOAD_COUNT = SimCatalog.WORKLOAD_SERVICES.size();

    static {
        List<String> s = new ArrayList<>(SimCatalog.WORKLOAD_SERVICES);
        s.addAll(SimCatalog.BASELINE_SERVICES);
        SERVICES = List.copyOf(s);
    }

    private final Fleet fleet;
    private final Episodes episodes;
    private final long seed;
    private final CostAnomalies anomalies;

    public CostModel(Fleet fleet, Episodes episodes, CostAnomalies anomalies) {
        this.fleet = fleet;
        this.episodes = episodes;
        this.seed = fleet.spec.seed();
        this.anomalies = anomalies;
    }

    public static int serviceIndex(String service) {
        return SERVICES.indexOf(service);
    }

    public static boolean baseline(int service) {
        return service >= WORKLOAD_COUNT;
    }

    /** Start of month close for day D: the 2nd of the following month, but never before D + 3 days. */
    public static long monthClose(long epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        long close = d.withDayOfMonth(1).plusMonths(1).plusDays(1).toEpochDay();
        return Math.max(close, epochDay + 3) * Fleet.DAY;
    }

    /** Which version of day D is visible at {@code asOf}: -1 none yet, 0..2 estimated, 3 settled, 4 final. */
    public static int version(long epochDay, long asOf) {
        long start = epochDay * Fleet.DAY;
        if (asOf < start + 3_600) {
            return -1;
        }
        if (asOf >= monthClose(epochDay)) {
            return 4;
        }
        return (int) Math.min(3, (asOf - start) / Fleet.DAY);
    }

    public static boolean estimated(int version) {
        return version >= 0 && version <= 2;
    }

    /** Fraction of day D during which the account existed (joined, not suspended or closed). */
    private double activeFraction(int a, long epochDay) {
        long s = epochDay * Fleet.DAY, e = s + Fleet.DAY;
        long from = Math.max(s, fleet.activeFrom[a]);
        long to = Math.min(e, fleet.activeUntil[a]);
        return to <= from ? 0 : (to - from) / (double) Fleet.DAY;
    }

    /** Invocations of a whole day: shape-integrated level, day noise, and noisy-episode extra. */
    private double dayInvocations(int a, long epochDay) {
        long dow = Math.floorMod(epochDay + 3, 7);
        double noise = 0.9 + 0.2 * Hash.unit(Hash.of(seed, SALT_DAY, a, epochDay));
        double inv = fleet.invocationsPerMinute[a] * 1440 * (dow >= 5 ? 0.6 : 1.0) * noise;
        int tenant = fleet.tenantOf(a);
        for (int k = 0; k < 4; k++) {
            Episodes.Episode e = episodes.inSlot(tenant, epochDay * 4 + k);
            if (e != null && e.signal() == 0) {
                inv += fleet.invocationsPerMinute[a] * 9 * (e.end() - e.start()) / 60.0;
            }
        }
        return inv;
    }

    /**
     * The final usage (micro-USD, record type Usage at on-demand rates) of a service in an account on a day, or 0
     * when the account did not exist that day; an injected anomaly ({@link CostAnomalies}) multiplies it. Commitments and credits are separate lines ({@link Billing}).
     */
    public long finalUsageMicros(int a, int service, long epochDay) {
        double active = activeFraction(a, epochDay);
        if (active == 0) {
            return 0;
        }
        double usd;
        if (service < WORKLOAD_COUNT) {
            double inv = dayInvocations(a, epochDay) * active;
            usd = switch (service) {
                case 0 -> inv * (0.20e-6 + fleet.durationMs[a] / 1000 * 0.128 * 0.0000166667);
                case 1 -> inv * 3 * 0.25e-6 + inv * 1.25e-6;
                case 2 -> inv * 0.3 * 1e-6;
                default -> inv * 0.8 * 3.5e-6;
            };
        } else {
            double level = 0.05 + 0.3 * Hash.unit(Hash.of(seed, SALT_BASE, a, service));
            double noise = 0.95 + 0.1 * Hash.unit(Hash.of(seed, SALT_DAY, a, epochDay * 16 + service));
            usd = level * noise * active;
        }
        return Math.round(usd * anomalies.factor(a, service, epochDay) * 1e6);
    }

    /**
     * A credit (micro-USD, negative, record type Credit) on a workload service: about 1 account-day in 150, larger
     * than that day's usage of the service. Fixed from the day's first estimate on; 0 on other days and services.
     */
    public long creditMicros(int a, int service, long epochDay) {
        if (service >= WORKLOAD_COUNT) {
            return 0;
        }
        long credit = Hash.of(seed, SALT_CREDIT, a, epochDay);
        if (Hash.unit(credit) >= 1.0 / 150 || Hash.below(Hash.mix(credit), WORKLOAD_COUNT) != service) {
            return 0;
        }
        long usage = finalUsageMicros(a, service, epochDay);
        return usage == 0 ? 0 : -(Math.round(usage * 1.5) + 250_000);
    }

    /** The usage (micro-USD) visible at {@code version}; versions before 4 deviate from the final amount. */
    public long usageMicros(int a, int service, long epochDay, int version) {
        long fin = finalUsageMicros(a, service, epochDay);
        if (version >= 4 || fin == 0) {
            return fin;
        }
        double u = Hash.unit(Hash.of(seed, SALT_VERSION, a, epochDay * 16 + service, version));
        double factor = switch (version) {
            case 0 -> 0.5 + 0.3 * u;
            case 1 -> 0.92 + 0.1 * u;
            case 2 -> 0.97 + 0.05 * u;
            default -> 0.995 + 0.01 * u;
        };
        return Math.round(fin * factor);
    }

    public static long epochDay(LocalDate day) {
        return day.toEpochDay();
    }

    public static LocalDate day(long epochSecond) {
        return LocalDate.ofInstant(java.time.Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }
}
