package dev.tenantscope.streams.internal;

import dev.tenantscope.streams.StreamsAppConfig;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The noisy-tenant decision for one tenant's signal, one final window at a time: pure, so its quality can be
 * measured on ground truth without a topology ({@code NoisyDetectorQualityTest}).
 *
 * <p>Expected is the larger of the tenant's own exponentially weighted level (West 1979) and its profile for this
 * hour of the day (an EWMA per UTC hour), so the daily ramp of a tenant's traffic is expected rather than paged.
 * Both learn from each value clamped to expected + {@code closeSigmas}·σ, so a burst moves them no more than an
 * ordinary high window does. σ is the exponentially weighted deviation, never below the Poisson noise of a count
 * (√expected, at least {@link #MIN_COUNT}) nor {@link #MIN_RELATIVE_SIGMA} of the expected value. A window opens
 * an alert when
 * <ul>
 *   <li>its value is above expected + k·σ + k²/4 (k = {@code openSigmas}; for a count, the variance-stabilised
 *       test 2(√v − √expected) > k, whose false-alarm rate stays near the Gaussian one at small means) and at least
 *       {@code minRatio} × expected — or, while the window itself is elevated, the sum of the last
 *       {@code horizonWindows} windows passes the same test against as many expected windows (the bursts of small
 *       tenants, two throttles a window where there were none, that no single window proves);
 *   <li>and its deviation score ranks at or above {@code cohortPercentile} of the other tenants of the tier cohort:
 *       when every tenant deviates at once (a regional incident), no one tenant is noisy.
 * </ul>
 * It closes when the value is back within expected + {@code closeSigmas}·σ (hysteresis). A window at or before the
 * last one seen (a re-emitted, corrected rollup) changes nothing.
 *
 * <p>{@link #early} judges a sum so far of a window not final yet: it opens when that lower bound alone passes the
 * single-window test (the horizon needs the windows in between, which are not final either), never learns, never
 * closes. Windows ending before an alert's open time (final after an early look at a later one opened it) do not
 * close it.
 */
final class NoisyDetector {
    static final double MIN_RELATIVE_SIGMA = 0.10;
    /** The Poisson floor never assumes a mean below a quarter event: σ ≥ 0.5 even for a silent signal. */
    static final double MIN_COUNT = 0.25;
    /** Smoothing of the hour-of-day profile: each day's value of an hour weighs 30 %. */
    static final double PROFILE_ALPHA = 0.3;

    private static final int HOURS = 24;
    private static final double UNKNOWN = -1;

    /** What a window did: the new state, and whether it opened or closed the alert, with the numbers behind it. */
    record Decision(NoisyState state, Transition transition, double mean, double sigma) {}

    enum Transition {
        NONE,
        OPENED,
        CLOSED
    }

    private final StreamsAppConfig.Noisy config;

    NoisyDetector(StreamsAppConfig.Noisy config) {
        this.config = config;
    }

    /**
     * How far {@code v} (or the horizon ending with it) stands above the tenant's expected value, in σ: what the
     * cohort ranks. 0 without history.
     */
    double score(NoisyState s, Instant windowStart, double v) {
        if (s == null) {
            return 0;
        }
        double expected = expected(s, windowStart);
        double sigma = sigma(expected, s.variance());
        int n = s.recent().size() + 1;
        double horizon = (sum(s.recent()) + v - n * expected) / (sigma * Math.sqrt(n));
        return Math.max((v - expected) / sigma, horizon);
    }

    /**
     * @param s the tenant's state before this window, null for its first
     * @param windowEnd the end of the window, the alert's open or close time
     * @param percentile where {@link #score} of this window ranks among the cohort's latest scores (0–1)
     */
    Decision next(NoisyState s, String tenant, Instant windowStart, Instant windowEnd, double v, double percentile) {
        if (s == null) {
            NoisyState first = new NoisyState(
                    tenant, v, 0, 1, 0, null, windowStart, remember(List.of(), v), learn(List.of(), windowStart, v));
            return new Decision(first, Transition.NONE, v, sigma(v, 0));
        }
        double expected = expected(s, windowStart);
        double sigma = sigma(expected, s.variance());
        if (s.lastWindow() != null && !windowStart.isAfter(s.lastWindow())) {
            return new Decision(s, Transition.NONE, expected, sigma);
        }
        double closeAt = expected + config.closeSigmas() * sigma;
        Transition t = Transition.NONE;
        Instant openedAt = s.openedAt();
        if (openedAt == null
                && s.windows() >= config.minHistory()
                && beyond(s, expected, sigma, v)
                && percentile >= config.cohortPercentile()) {
            t = Transition.OPENED;
            openedAt = windowEnd;
        } else if (openedAt != null && !windowEnd.isBefore(openedAt) && v <= closeAt) {
            t = Transition.CLOSED;
            openedAt = null;
        }
        double x = Math.min(v, closeAt);
        double diff = x - s.mean();
        double incr = config.alpha() * diff;
        double dev = x - expected;
        double variance = (1 - config.alpha()) * (s.variance() + config.alpha() * dev * dev);
        NoisyState next = new NoisyState(
                tenant,
                s.mean() + incr,
                variance,
                s.windows() + 1,
                score(s, windowStart, v),
                openedAt,
                windowStart,
                remember(s.recent(), v),
                learn(s.hourly(), windowStart, x));
        return new Decision(next, t, expected, sigma);
    }

    /**
     * A sum so far {@code v} of a window after the last final one: opens when it already passes the single-window
     * test. The state changes only by its open time.
     */
    Decision early(NoisyState s, Instant windowStart, Instant windowEnd, double v, double percentile) {
        double expected = expected(s, windowStart);
        double sigma = sigma(expected, s.variance());
        boolean opens = s.openedAt() == null
                && s.windows() >= config.minHistory()
                && (s.lastWindow() == null || windowStart.isAfter(s.lastWindow()))
                && v > expectedHigh(expected, sigma)
                && percentile >= config.cohortPercentile();
        if (!opens) {
            return new Decision(s, Transition.NONE, expected, sigma);
        }
        NoisyState open = new NoisyState(
                s.tenant(),
                s.mean(),
                s.variance(),
                s.windows(),
                s.last(),
                windowEnd,
                s.lastWindow(),
                s.recent(),
                s.hourly());
        return new Decision(open, Transition.OPENED, expected, sigma);
    }

    /** The value above which a window opens an alert: the upper end of the expected range. */
    double expectedHigh(double expected, double sigma) {
        double k = config.openSigmas();
        return Math.max(expected + k * sigma + k * k / 4, config.minRatio() * expected);
    }

    private boolean beyond(NoisyState s, double expected, double sigma, double v) {
        if (v > expectedHigh(expected, sigma)) {
            return true;
        }
        // the horizon counts only while the window itself is elevated: an episode's tail must not reopen it
        int n = s.recent().size() + 1;
        return n > 1
                && v > expected + config.closeSigmas() * sigma
                && sum(s.recent()) + v > expectedHigh(n * expected, sigma * Math.sqrt(n));
    }

    private static double expected(NoisyState s, Instant windowStart) {
        double profile = s.hourly().isEmpty() ? UNKNOWN : s.hourly().get(hour(windowStart));
        return Math.max(s.mean(), profile);
    }

    private static List<Double> learn(List<Double> hourly, Instant windowStart, double x) {
        List<Double> next =
                hourly.isEmpty() ? new ArrayList<>(Collections.nCopies(HOURS, UNKNOWN)) : new ArrayList<>(hourly);
        int h = hour(windowStart);
        double old = next.get(h);
        next.set(h, old == UNKNOWN ? x : old + PROFILE_ALPHA * (x - old));
        return next;
    }

    private List<Double> remember(List<Double> recent, double v) {
        List<Double> next = new ArrayList<>(recent);
        next.add(v);
        while (next.size() > config.horizonWindows() - 1) {
            next.removeFirst();
        }
        return next;
    }

    private static int hour(Instant t) {
        return t.atZone(ZoneOffset.UTC).getHour();
    }

    private static double sum(List<Double> xs) {
        double t = 0;
        for (double x : xs) {
            t += x;
        }
        return t;
    }

    static double sigma(double expected, double variance) {
        double m = Math.abs(expected);
        double poisson = Math.sqrt(Math.max(m, MIN_COUNT));
        return Math.max(Math.sqrt(Math.max(variance, 0)), Math.max(poisson, m * MIN_RELATIVE_SIGMA));
    }
}
