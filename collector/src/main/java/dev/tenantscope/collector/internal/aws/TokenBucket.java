package dev.tenantscope.collector.internal.aws;

import java.util.function.LongSupplier;

/**
 * A token bucket with an adaptive rate: cut by 30 % on throttling (down to 1/32 of the limit), raised by 10 % of
 * the limit per success — additive increase, multiplicative decrease. Burst is one second's worth of tokens.
 */
public final class TokenBucket {
    private final double limit;
    private final LongSupplier nanos;
    private double rate;
    private double tokens;
    private long last;

    public TokenBucket(double limitPerSecond, LongSupplier nanos) {
        this.limit = limitPerSecond;
        this.nanos = nanos;
        this.rate = limitPerSecond;
        this.tokens = Math.max(1, limitPerSecond);
        this.last = nanos.getAsLong();
    }

    /** Takes a token and returns how long to wait (ns) before using it; queued callers wait in turn. */
    public synchronized long reserve() {
        long now = nanos.getAsLong();
        tokens = Math.min(Math.max(1, rate), tokens + (now - last) * rate / 1e9);
        last = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) (-tokens / rate * 1e9);
    }

    public synchronized void throttled() {
        rate = Math.max(limit / 32, rate * 0.7);
    }

    public synchronized void succeeded() {
        if (rate < limit) {
            rate = Math.min(limit, rate + limit / 10);
        }
    }

    public synchronized double rate() {
        return rate;
    }
}
