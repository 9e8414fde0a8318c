package dev.tenantscope.collector.internal.run;

import static dev.tenantscope.collector.internal.run.Runs.T0;
import static dev.tenantscope.collector.internal.run.Runs.account;
import static dev.tenantscope.collector.internal.run.Runs.registration;
import static dev.tenantscope.collector.internal.run.Runs.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantscope.collector.internal.run.BudgetPlanner.ActivityState;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.ApiUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final Set<Signal> ALL = EnumSet.allOf(Signal.class);
    // a wall clock far from the data clock: the deadline must come from this one
    final Clock wall = Clock.fixed(Instant.parse("2031-07-01T12:00:00Z"), ZoneOffset.UTC);
    final RecordingSink sink = new RecordingSink();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final CollectorMetrics metrics = new CollectorMetrics(registry);
    final ActivityTracker activity = new ActivityTracker(Duration.ofHours(6), Clock.fixed(T0, ZoneOffset.UTC));
    final List<Dispatcher> dispatchers = new ArrayList<>();

    Dispatcher dispatcher(AccountCollection collection, int maxInFlight) {
        return dispatcher(collection, a -> List.of(), maxInFlight, null);
    }

    Dispatcher dispatcher(
            AccountCollection collection,
            Function<AccountId, List<ApiUsage>> shares,
            int maxInFlight,
            ExecutorService executor) {
        Dispatcher d = new Dispatcher(
                collection,
                shares,
                activity,
                metrics,
                sink,
                wall,
                new Dispatcher.Bounds(maxInFlight, TIMEOUT),
                executor);
        dispatchers.add(d);
        return d;
    }

    @AfterEach
    void closeDispatchers() {
        dispatchers.forEach(Dispatcher::close);
    }

    static AccountOutcome await(CompletableFuture<AccountOutcome> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("collection interrupted", e);
        }
    }

    @Nested
    class EachCollection {
        @Test
        void itsDeadlineIsTheAccountTimeoutFromTheWallClock() throws Exception {
            Map<AccountId, Instant> deadlines = new ConcurrentHashMap<>();
            Dispatcher d = dispatcher(
                    (reg, due, lookback, shared, deadline, s) -> {
                        deadlines.put(reg.account(), deadline);
                        return Runs.ok(reg.account(), true, false);
                    },
                    4);
            await(d.dispatch(registration(1), ALL, Duration.ofMinutes(15)).orElseThrow());
            assertThat(deadlines).containsEntry(account(1), wall.instant().plus(TIMEOUT));
        }

        @Test
        void itsOutcomeIsPublishedCountedAndTracked() throws Exception {
            Dispatcher d =
                    dispatcher((reg, due, lookback, shared, deadline, s) -> Runs.ok(reg.account(), true, true), 4);
            AccountOutcome o = await(
                    d.dispatch(registration(1), ALL, Duration.ofMinutes(15)).orElseThrow());
            assertThat(sink.runs).containsExactly(o.run());
            assertThat(registry.get("tenantscope.collector.runs")
                            .tag("status", "OK")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(activity.state(account(1))).isEqualTo(ActivityState.HOT);
        }

        @Test
        void itCarriesTheAccountsShareOfFleetSpend() throws Exception {
            List<ApiUsage> share = List.of(usage("ce", "GetCostAndUsage", 0, 0, "0.01"));
            Map<AccountId, List<ApiUsage>> received = new ConcurrentHashMap<>();
            Dispatcher d = dispatcher(
                    (reg, due, lookback, shared, deadline, s) -> {
                        received.put(reg.account(), shared);
                        return Runs.ok(reg.account(), true, false);
                    },
                    a -> a.equals(account(1)) ? share : List.of(),
                    4,
                    null);
            await(d.dispatch(registration(1), ALL, Duration.ofMinutes(15)).orElseThrow());
            await(d.dispatch(registration(2), ALL, Duration.ofMinutes(15)).orElseThrow());
            assertThat(received).containsEntry(account(1), share).containsEntry(account(2), List.of());
        }

        @Test
        void aCollectionThatThrowsFailsItsFutureAndFreesTheAccount() throws Exception {
            Dispatcher d = dispatcher(
                    (reg, due, lookback, shared, deadline, s) -> {
                        throw new IllegalStateException("bug in a puller");
                    },
                    4);
            var f = d.dispatch(registration(1), ALL, Duration.ofMinutes(15)).orElseThrow();
            assertThatThrownBy(() -> await(f))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("bug in a puller");
            assertThat(d.collecting(account(1))).isFalse();
            assertThat(sink.runs).isEmpty();
        }
    }

    @Nested
    class Bounds {
        @Test
        void atMostMaxInFlightAccountsAreCollectedAtOnce() throws Exception {
            AtomicInteger now = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            CountDownLatch release = new CountDownLatch(1);
            Dispatcher d = dispatcher(
                    (reg, due, lookback, shared, deadline, s) -> {
                        most.accumulateAndGet(now.incrementAndGet(), Math::max);
                        awaitQuietly(release);
                        now.decrementAndGet();
                        return Runs.ok(reg.account(), true, false);
                    },
                    2);
            List<CompletableFuture<AccountOutcome>> all = new ArrayList<>();
            for (int n = 1; n <= 6; n++) {
                all.add(d.dispatch(registration(n), ALL, Duration.ofMinutes(15)).orElseThrow());
            }
            awaitUntil("two collections running and four waiting", () -> now.get() == 2 && d.waiting() == 4);
            release.countDown();
            for (var f : all) {
                await(f);
            }
            assertThat(most.get()).isEqualTo(2);
            assertThat(sink.runs).hasSize(6);
        }

        @Test
        void anAccountIsNotDispatchedAgainWhileItsCollectionRuns() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            Dispatcher d = dispatcher(
                    (reg, due, lookback, shared, deadline, s) -> {
                        awaitQuietly(release);
                        return Runs.ok(reg.account(), true, false);
                    },
                    4);
            var first = d.dispatch(registration(1), ALL, Duration.ofMinutes(15)).orElseThrow();
            assertThat(d.collecting(account(1))).isTrue();
            assertThat(d.dispatch(registration(1), ALL, Duration.ofMinutes(15))).isEmpty();
            release.countDown();
            await(first);
            assertThat(d.collecting(account(1))).isFalse();
            assertThat(d.dispatch(registration(1), ALL, Duration.ofMinutes(15))).isPresent();
        }
    }

    @Nested
    class FleetJobs {
        @Test
        void aFailedFleetJobYieldsItsFallback() throws Exception {
            Dispatcher d = dispatcher((reg, due, lookback, shared, deadline, s) -> null, 1);
            CompletableFuture<Integer> f = d.fleetJob(
                    "payer cost pull",
                    () -> {
                        throw new IllegalStateException("Cost Explorer down");
                    },
                    0);
            assertThat(f.get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    @Nested
    class Closing {
        @Test
        void closeDoesNotShutDownAConfiguredExecutor() throws Exception {
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                Dispatcher d = dispatcher(
                        (reg, due, lookback, shared, deadline, s) -> Runs.ok(reg.account(), true, false),
                        a -> List.of(),
                        1,
                        executor);
                await(d.dispatch(registration(1), ALL, Duration.ofMinutes(15)).orElseThrow());
                d.close();
                assertThat(executor.isShutdown()).isFalse();
                assertThat(executor.submit(() -> "still running").get(30, TimeUnit.SECONDS))
                        .isEqualTo("still running");
            } finally {
                executor.shutdownNow();
            }
        }

        @Test
        void closeShutsDownTheExecutorItCreatedAndStopsRunningCollections() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            Dispatcher d = dispatcher(
                    (reg, due, lookback, shared, deadline, s) -> {
                        started.countDown();
                        awaitQuietly(never);
                        return Runs.ok(reg.account(), true, false);
                    },
                    1);
            var blocked =
                    d.dispatch(registration(1), ALL, Duration.ofMinutes(15)).orElseThrow();
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            d.close();
            assertThatThrownBy(() -> await(blocked))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(InterruptedException.class);
            assertThatThrownBy(() -> d.dispatch(registration(2), ALL, Duration.ofMinutes(15)))
                    .isInstanceOf(RejectedExecutionException.class);
            assertThat(d.collecting(account(2))).isFalse();
        }
    }
}
