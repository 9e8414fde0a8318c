package dev.tenantscope.collector.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.collector.internal.run.CollectorMetrics;
import dev.tenantscope.model.AccountId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class DecoratorsTest {
    static final ApiId API = new ApiId("monitoring", "GetMetricData");
    final AtomicInteger invalidated = new AtomicInteger();
    final RunLedger ledger = new RunLedger();
    final Target target = new Target(
            AccountId.of("111111111111"),
            "us-east-1",
            new Credentials() {
                @Override
                public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
                    return AnonymousCredentialsProvider.create().resolveCredentials();
                }

                @Override
                public void invalidate() {
                    invalidated.incrementAndGet();
                }
            },
            ledger,
            Instant.now().plusSeconds(60));

    static AwsServiceException error(String code, int status) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code)
                        .build())
                .build();
    }

    /** Answers from a script: an exception to throw, or a value to return. */
    static AwsCall<String, String> scripted(Deque<Object> script, AtomicInteger calls) {
        return new AwsCall<>() {
            @Override
            public ApiId api() {
                return API;
            }

            @Override
            public String call(Target t, String q) {
                calls.incrementAndGet();
                Object next = script.removeFirst();
                if (next instanceof RuntimeException e) {
                    throw e;
                }
                return (String) next;
            }
        };
    }

    @Nested
    class Retrying {
        @Test
        void throttlingAndServerErrorsAreRetriedUntilSuccess() {
            AtomicInteger calls = new AtomicInteger();
            var script = new ArrayDeque<Object>();
            script.add(error("Throttling", 400));
            script.add(error("InternalError", 500));
            script.add("ok");
            var call = new RetryingCall<>(
                    scripted(script, calls), 4, Duration.ofMillis(1), Duration.ofMillis(5), Clock.systemUTC());
            assertThat(call.call(target, "q")).isEqualTo("ok");
            assertThat(calls).hasValue(3);
        }

        @Test
        void accessDeniedIsNotRetried() {
            AtomicInteger calls = new AtomicInteger();
            var script = new ArrayDeque<Object>();
            script.add(error("AccessDenied", 403));
            var call = new RetryingCall<>(
                    scripted(script, calls), 4, Duration.ofMillis(1), Duration.ofMillis(5), Clock.systemUTC());
            assertThatThrownBy(() -> call.call(target, "q"))
                    .isInstanceOf(AwsServiceException.class)
                    .satisfies(e -> assertThat(ErrorClass.of(e)).isEqualTo(ErrorClass.ACCESS_DENIED));
            assertThat(calls).hasValue(1);
        }

        @Test
        void attemptsAreBounded() {
            AtomicInteger calls = new AtomicInteger();
            var script = new ArrayDeque<Object>();
            for (int i = 0; i < 10; i++) {
                script.add(error("ThrottlingException", 400));
            }
            var call = new RetryingCall<>(
                    scripted(script, calls), 3, Duration.ofMillis(1), Duration.ofMillis(2), Clock.systemUTC());
            assertThatThrownBy(() -> call.call(target, "q")).isInstanceOf(AwsServiceException.class);
            assertThat(calls).hasValue(3);
        }

        @Test
        void expiredCredentialsAreDroppedAndTheCallRepeatedOnce() {
            AtomicInteger calls = new AtomicInteger();
            var script = new ArrayDeque<Object>();
            script.add(error("ExpiredToken", 400));
            script.add("ok");
            var call = new RetryingCall<>(
                    scripted(script, calls), 1, Duration.ofMillis(1), Duration.ofMillis(2), Clock.systemUTC());
            assertThat(call.call(target, "q")).isEqualTo("ok");
            assertThat(invalidated).hasValue(1);
        }
    }

    @Nested
    class Metering {
        @Test
        void everyAttemptIsACallButUnitsCountOnlyWhenServed() {
            AtomicInteger calls = new AtomicInteger();
            var script = new ArrayDeque<Object>();
            script.add(error("Throttling", 400));
            script.add("ok");
            var metrics = new CollectorMetrics(new SimpleMeterRegistry());
            AwsCall<String, String> call = new MeteredCall<>(scripted(script, calls), q -> 7, metrics);
            call = new RetryingCall<>(call, 4, Duration.ofMillis(1), Duration.ofMillis(2), Clock.systemUTC());
            call.call(target, "q");
            assertThat(ledger.calls(API)).isEqualTo(2);
            assertThat(ledger.units(API)).isEqualTo(7);
            assertThat(ledger.throttles()).isEqualTo(1);
            assertThat(ledger.errorsByClass()).containsEntry("Throttling", 1L);
            assertThat(metrics.registry()
                            .get("tenantscope.collector.aws.calls")
                            .counter()
                            .count())
                    .isEqualTo(2.0);
        }
    }

    @Nested
    class RateLimiting {
        @Test
        void bucketAllowsItsBurstThenSpacesCallsAtTheRate() {
            AtomicLong now = new AtomicLong();
            TokenBucket b = new TokenBucket(50, now::get);
            for (int i = 0; i < 50; i++) {
                assertThat(b.reserve()).isZero();
            }
            assertThat(b.reserve()).isEqualTo(20_000_000L);
            now.addAndGet(1_000_000_000L);
            assertThat(b.reserve()).isZero();
        }

        @Test
        void throttlingCutsTheRateAndSuccessWinsItBack() {
            TokenBucket b = new TokenBucket(50, System::nanoTime);
            b.throttled();
            b.throttled();
            assertThat(b.rate()).isCloseTo(24.5, org.assertj.core.data.Offset.offset(1e-9));
            for (int i = 0; i < 100; i++) {
                b.succeeded();
            }
            assertThat(b.rate()).isEqualTo(50.0);
            for (int i = 0; i < 40; i++) {
                b.throttled();
            }
            assertThat(b.rate()).as("never below 1/32 of the limit").isEqualTo(50.0 / 32);
        }

        @Test
        void bucketsAreScopedByAccountAndRegion() {
            AtomicInteger calls = new AtomicInteger();
            var script = new ArrayDeque<Object>();
            script.add(error("Throttling", 400));
            script.add("ok");
            var limited = new RateLimitedCall<>(
                    scripted(script, calls),
                    50,
                    new TokenBucket(1000, System::nanoTime),
                    System::nanoTime,
                    Clock.systemUTC());
            assertThatThrownBy(() -> limited.call(target, "q")).isInstanceOf(AwsServiceException.class);
            assertThat(limited.rate("111111111111", "us-east-1")).isEqualTo(35.0);
            assertThat(limited.rate("222222222222", "us-east-1")).isEqualTo(50.0);
            limited.call(target.inRegion("eu-west-1"), "q");
            assertThat(limited.rate("111111111111", "eu-west-1")).isEqualTo(50.0);
        }

        @Test
        void waitingPastTheAccountDeadlineFailsFastInstead() {
            AtomicInteger calls = new AtomicInteger();
            var script = new ArrayDeque<Object>();
            script.add("ok");
            script.add("ok");
            var limited = new RateLimitedCall<>(
                    scripted(script, calls),
                    0.001,
                    new TokenBucket(1000, System::nanoTime),
                    System::nanoTime,
                    Clock.systemUTC());
            limited.call(target, "q");
            assertThatThrownBy(() -> limited.call(target, "q"))
                    .isInstanceOf(ErrorClass.DeadlineExceeded.class)
                    .hasMessageContaining("past the account deadline");
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void errorsAreClassified() {
        assertThat(ErrorClass.of(error("AccessDenied", 403))).isEqualTo(ErrorClass.ACCESS_DENIED);
        assertThat(ErrorClass.of(error("ThrottlingException", 400))).isEqualTo(ErrorClass.THROTTLING);
        assertThat(ErrorClass.of(error("LimitExceededException", 400)))
                .as("Cost Explorer's throttle")
                .isEqualTo(ErrorClass.THROTTLING);
        assertThat(ErrorClass.of(error("ExpiredTokenException", 400))).isEqualTo(ErrorClass.EXPIRED_TOKEN);
        assertThat(ErrorClass.of(error("ServiceUnavailable", 503))).isEqualTo(ErrorClass.SERVER_ERROR);
        assertThat(ErrorClass.of(error("ValidationError", 400))).isEqualTo(ErrorClass.CLIENT_ERROR);
    }
}
