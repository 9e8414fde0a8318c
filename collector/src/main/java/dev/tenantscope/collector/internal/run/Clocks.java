package dev.tenantscope.collector.internal.run;

import java.time.Clock;
import java.util.Objects;

/**
 * The collector's two clocks. They differ against fleet-sim (whose data clock is simulated) and must never be
 * mixed: AWS signs, expires and rate-limits in real time, whatever day the data is about.
 *
 * @param data what the data is about: metric windows, cost days, schedule slots, activity
 * @param wall real time: rate-limit waits, credential expiry, account deadlines, run and sweep durations
 */
public record Clocks(Clock data, Clock wall) {
    public Clocks {
        Objects.requireNonNull(data, "data clock");
        Objects.requireNonNull(wall, "wall clock");
    }
}
