package dev.tenantscope.collector.internal.aws;

import dev.tenantscope.collector.internal.aws.ErrorClass.DeadlineExceeded;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Waits for a token of the (account, region, operation) bucket — AWS's quota scope — and of the global bucket,
 * then calls. Throttling cuts that bucket's rate; successes win it back. Waiting happens on the caller's
 * (virtual) thread, so a throttled account only slows itself.
 */
public final class RateLimitedCall<Q, R> implements AwsCall<Q, R> {
    private final AwsCall<Q, R> inner;
    private final double tps;
    private final TokenBucket global;
    private final LongSupplier nanos;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimitedCall(AwsCall<Q, R> inner, double tps, TokenBucket global, LongSupplier nanos, Clock clock) {
        this.inner = inner;
        this.tps = tps;
        this.global = global;
        this.nanos = nanos;
        this.clock = clock;
    }

    @Override
    public ApiId api() {
        return inner.api();
    }

    @Override
    public R call(Target target, Q request) {
        TokenBucket bucket = buckets.computeIfAbsent(
                target.account().value() + "/" + target.region(), k -> new TokenBucket(tps, nanos));
        long waitNs = Math.max(bucket.reserve(), global.reserve());
        if (waitNs > 0) {
            if (clock.instant().plusNanos(waitNs).isAfter(target.deadline())) {
                throw new DeadlineExceeded(api() + " for " + target.account() + " would wait "
                        + Duration.ofNanos(waitNs) + " for a rate-limit token, past the account deadline");
            }
            sleep(waitNs);
        }
        try {
            R response = inner.call(target, request);
            bucket.succeeded();
            return response;
        } catch (RuntimeException e) {
            if (ErrorClass.of(e) == ErrorClass.THROTTLING) {
                bucket.throttled();
            }
            throw e;
        }
    }

    /** The current adaptive rate for a key, for tests and metrics. */
    public double rate(String account, String region) {
        TokenBucket b = buckets.get(account + "/" + region);
        return b == null ? tps : b.rate();
    }

    static void sleep(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a rate-limit token", e);
        }
    }
}
