package dev.tenantscope.streams.internal;

import java.util.List;
import java.util.Optional;

/** Least-squares line through (time, usage) points, and when it reaches a limit. */
final class Trend {
    /** Further out than any forecast horizon: a line this flat never "reaches" the limit (and t0 + dx can't overflow). */
    static final double NEVER_MS = 100.0 * 365 * 24 * 3600 * 1000;

    private Trend() {}

    /**
     * When the fitted line reaches {@code limit}, if it rises and there are at least 3 points. Times are epoch
     * millis; the fit is centred on the last time to keep the arithmetic well-conditioned.
     */
    static Optional<Long> reaches(List<Long> times, List<Double> values, double limit) {
        int n = times.size();
        if (n < 3) {
            return Optional.empty();
        }
        long t0 = times.get(n - 1);
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            double x = times.get(i) - t0;
            double y = values.get(i);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double denom = n * sxx - sx * sx;
        if (denom == 0) {
            return Optional.empty();
        }
        double slope = (n * sxy - sx * sy) / denom;
        double intercept = (sy - slope * sx) / n;
        if (slope <= 0) {
            return Optional.empty();
        }
        double dx = (limit - intercept) / slope;
        if (!(dx < NEVER_MS)) {
            return Optional.empty(); // a nearly flat rise (a steady rate quota): no exhaustion to forecast
        }
        return Optional.of(t0 + (long) Math.max(0, dx));
    }
}
