package dev.tenantscope.fleetsim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulated time every time-dependent answer uses. Either stopped (tests move it with {@link #set} and
 * {@link #advance}) or running at wall-clock speed from where it was set (the demo). Thread-safe.
 */
public final class SimClock extends Clock {
    private final Object lock = new Object();
    private Instant base;
    private long anchorNanos;
    private boolean running;

    private SimClock(Instant start, boolean running) {
        this.base = start;
        this.anchorNanos = System.nanoTime();
        this.running = running;
    }

    /** A clock that stays at {@code start} until set or advanced. */
    public static SimClock fixed(Instant start) {
        return new SimClock(start, false);
    }

    /** A clock that starts at {@code start} and moves at wall-clock speed. */
    public static SimClock running(Instant start) {
        return new SimClock(start, true);
    }

    @Override
    public Instant instant() {
        synchronized (lock) {
            return running ? base.plusNanos(System.nanoTime() - anchorNanos) : base;
        }
    }

    /** Epoch seconds of {@link #instant()}, the unit the simulator works in. */
    public long epochSecond() {
        return instant().getEpochSecond();
    }

    public void set(Instant now) {
        synchronized (lock) {
            base = now;
            anchorNanos = System.nanoTime();
        }
    }

    public void advance(Duration by) {
        synchronized (lock) {
            base = instant().plus(by);
            anchorNanos = System.nanoTime();
        }
    }

    public void pause() {
        synchronized (lock) {
            base = instant();
            running = false;
        }
    }

    public void resume() {
        synchronized (lock) {
            anchorNanos = System.nanoTime();
            running = true;
        }
    }

    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("SimClock is always UTC");
    }

    @Override
    public String toString() {
        return "SimClock[" + instant() + (isRunning() ? ", running]" : ", stopped]");
    }
}
