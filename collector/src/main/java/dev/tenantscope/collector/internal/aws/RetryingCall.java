package dev.tenantscope.collector.internal.aws;

import dev.tenantscope.collector.internal.aws.ErrorClass.DeadlineExceeded;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries throttling, 5xx and network errors with capped exponential backoff and full jitter, within the
 * attempt budget and the account's deadline; on expired credentials drops them and tries once more. The SDK's
 * own retries are off, so every attempt passes the rate limiter and the meter.
 */
public final class RetryingCall<Q, R> implements AwsCall<Q, R> {
    private final AwsCall<Q, R> inner;
    private final int maxAttempts;
    private final Duration base;
    private final Duration max;
    private final Clock clock;

    public RetryingCall(AwsCall<Q, R> inner, int maxAttempts, Duration base, Duration max, Clock clock) {
        this.inner = inner;
        this.maxAttempts = maxAttempts;
        this.base = base;
        this.max = max;
        this.clock = clock;
    }

    @Override
    public ApiId api() {
        return inner.api();
    }

    @Override
    public R call(Target target, Q request) {
        boolean refreshed = false;
        for (int attempt = 1; ; attempt++) {
            try {
                return inner.call(target, request);
            } catch (DeadlineExceeded e) {
                throw e;
            } catch (RuntimeException e) {
                ErrorClass error = ErrorClass.of(e);
                if (error == ErrorClass.EXPIRED_TOKEN && !refreshed) {
                    refreshed = true;
                    target.credentials().invalidate();
                    attempt--; // a refresh is not a retry of the same request
                    continue;
                }
                if (!error.retryable() || attempt >= maxAttempts) {
                    throw e;
                }
                long capNs = Math.min(max.toNanos(), base.toNanos() << Math.min(attempt, 20));
                long sleepNs = ThreadLocalRandom.current().nextLong(capNs / 4, capNs + 1);
                if (clock.instant().plusNanos(sleepNs).isAfter(target.deadline())) {
                    throw e;
                }
                RateLimitedCall.sleep(sleepNs);
            }
        }
    }
}
