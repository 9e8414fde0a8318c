package dev.tenantscope.fleetsim.internal;

/**
 * Where cost anomalies are injected: per account and week (epoch day / 7) with probability
 * {@code costAnomalyRate}, one service chosen uniformly, starting on one of the week's first five days, lasting
 * 1–3 days, usage multiplied by 3–6. A pure function of the seed, like every other simulated value.
 */
public final class CostAnomalies {
    private static final long SALT = 61;
    static final int WEEK = 7;

    /** One anomaly: service index into {@link CostModel#SERVICES}, first and last epoch day, factor. */
    public record Anomaly(int service, long firstDay, long lastDay, double factor) {}

    private final long seed;
    private final double rate;

    public CostAnomalies(long seed, double rate) {
        this.seed = seed;
        this.rate = rate;
    }

    /** The anomaly of account {@code a} in week {@code week}, or null. */
    public Anomaly inWeek(int a, long week) {
        if (rate == 0) {
            return null;
        }
        long h = Hash.of(seed, SALT, a, week);
        if (Hash.unit(h) >= rate) {
            return null;
        }
        long h2 = Hash.mix(h);
        int service = Hash.below(h2, CostModel.SERVICES.size());
        long h3 = Hash.mix(h2);
        long first = week * WEEK + Hash.below(h3, 5);
        long h4 = Hash.mix(h3);
        int days = 1 + Hash.below(h4, 3);
        double factor = 3 + 3 * Hash.unit(Hash.mix(h4));
        return new Anomaly(service, first, first + days - 1, factor);
    }

    /** The usage multiplier of a service in an account on a day: the anomaly's factor, else 1. */
    public double factor(int a, int service, long epochDay) {
        Anomaly an = inWeek(a, Math.floorDiv(epochDay, WEEK));
        return an != null && an.service() == service && epochDay >= an.firstDay() && epochDay <= an.lastDay()
                ? an.factor()
                : 1;
    }
}
