package dev.tenantscope.queryapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.tenantscope.queryapi.Role;
import dev.tenantscope.queryapi.api.FleetHealth;
import dev.tenantscope.queryapi.api.FleetHealth.AccountsByObservability;
import dev.tenantscope.queryapi.api.FleetHealth.AccountsByStatus;
import dev.tenantscope.queryapi.api.FleetHealth.CollectorApiSpend;
import dev.tenantscope.queryapi.api.FleetHealth.FleetAccounts;
import dev.tenantscope.queryapi.api.FleetHealth.Freshness;
import dev.tenantscope.queryapi.api.FleetHealth.OpenAlerts;
import dev.tenantscope.queryapi.api.FleetHealth.QuotaRisks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The fleet-health cache: one computation per scope and TTL, shared while in flight, failures never kept. */
class CachedFleetHealthTest {
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Principal ADMIN = new Principal("ops", Role.ADMIN, null);
    private static final Principal ACME = new Principal("acme", Role.TENANT, "acme");

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    /** A source that counts its computations; each answer's asOf is its computation number (seconds). */
    private static final class CountingSource implements FleetHealthSource {
        final AtomicInteger computations = new AtomicInteger();
        final List<String> scopes = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile RuntimeException failure;

        @Override
        public FleetHealth report(Principal caller, int limit) {
            int n = computations.incrementAndGet();
            scopes.add(caller.scope() + "/" + limit);
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            RuntimeException f = failure;
            if (f != null) {
                failure = null;
                throw f;
            }
            return health(n);
        }
    }

    private final CountingSource source = new CountingSource();
    private final CachedFleetHealth cache = new CachedFleetHealth(source, TTL, ticker);

    static FleetHealth health(int computation) {
        Instant at = Instant.ofEpochSecond(computation);
        return new FleetHealth(
                at,
                new FleetAccounts(
                        0,
                        0,
                        new AccountsByStatus(0, 0, 0),
                        new AccountsByObservability(0, 0, 0),
                        List.of(),
                        at,
                        0,
                        List.of(),
                        List.of(),
                        List.of()),
                new Freshness(Duration.ofMinutes(15), 0, 0, 0, null, List.of(), List.of()),
                new OpenAlerts(0, List.of()),
                new QuotaRisks(0.8, List.of(), Duration.ofDays(14), List.of()),
                new CollectorApiSpend(at, at, List.of()));
    }

    private static long computation(FleetHealth h) {
        return h.asOf().getEpochSecond();
    }

    /**
     * Starts {@code callers} platform threads asking for {@code who}'s fleet health while the source is held,
     * waits until every one of them is parked (one in the source, the rest waiting for it), then lets the
     * source finish. Returns what each caller got: an answer or the exception. Platform threads, not virtual:
     * virtual ones share carriers with whatever else this test JVM left running, and once stalled 30 s in CI.
     */
    private List<Object> concurrently(int callers, Principal who) throws InterruptedException {
        source.gate = new CountDownLatch(1);
        List<Object> results = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                try {
                    results.add(cache.report(who, 10));
                } catch (RuntimeException e) {
                    results.add(e);
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a bound for a hang, not a measure
        while (!threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
            assertThat(System.nanoTime())
                    .as(() -> "callers parked: "
                            + threads.stream()
                                    .map(t -> t.getState() + " " + List.of(t.getStackTrace()))
                                    .toList())
                    .isLessThan(deadline);
            Thread.sleep(1);
        }
        source.gate.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return results;
    }

    @Nested
    class WithinTheTtl {
        @Test
        void concurrentCallersOfOneScopeWaitForOneComputation() throws Exception {
            List<Object> results = concurrently(8, ADMIN);
            assertThat(source.computations).hasValue(1);
            assertThat(results).hasSize(8).allSatisfy(r -> assertThat(r).isSameAs(results.getFirst()));
        }

        @Test
        void laterCallersGetTheCachedAnswerUntilItExpires() {
            FleetHealth first = cache.report(ADMIN, 10);
            nanos.addAndGet(TTL.toNanos() - 1);
            assertThat(cache.report(ADMIN, 10)).isSameAs(first);
            assertThat(source.computations).hasValue(1);
            nanos.addAndGet(1);
            assertThat(computation(cache.report(ADMIN, 10))).isEqualTo(2);
        }

        @Test
        void anAnswerIsNeverSharedAcrossScopesOrLimits() {
            cache.report(ADMIN, 10);
            cache.report(ACME, 10);
            cache.report(ACME, 7);
            cache.report(ACME, 10);
            assertThat(source.scopes).containsExactly("/10", "acme/10", "acme/7");
        }
    }

    @Nested
    class AfterExpiry {
        @Test
        void concurrentCallersOfAnExpiredEntryWaitForOneNewComputation() throws Exception {
            FleetHealth old = cache.report(ADMIN, 10);
            nanos.addAndGet(TTL.toNanos() + 1);
            List<Object> results = concurrently(6, ADMIN);
            assertThat(source.computations).hasValue(2);
            assertThat(results).hasSize(6).allSatisfy(r -> {
                assertThat(r).isNotSameAs(old);
                assertThat(computation((FleetHealth) r)).isEqualTo(2);
            });
        }
    }

    @Nested
    class WhenTheComputationFails {
        @Test
        void everyWaitingCallerGetsTheFailureAndTheNextCallComputesAgain() throws Exception {
            IllegalStateException boom = new IllegalStateException("engine down");
            source.failure = boom;
            List<Object> results = concurrently(5, ACME);
            assertThat(results).hasSize(5).allSatisfy(r -> assertThat(r).isSameAs(boom));
            assertThat(source.computations).hasValue(1);

            FleetHealth next = cache.report(ACME, 10);
            assertThat(computation(next)).isEqualTo(2);
            assertThat(cache.report(ACME, 10)).isSameAs(next);
        }

        @Test
        void aFailureOfOneScopeDoesNotTouchAnotherScopesAnswer() {
            FleetHealth admin = cache.report(ADMIN, 10);
            source.failure = new IllegalStateException("engine down");
            assertThatThrownBy(() -> cache.report(ACME, 10)).hasMessage("engine down");
            assertThat(cache.report(ADMIN, 10)).isSameAs(admin);
        }
    }

    @Test
    void aZeroOrNegativeTtlIsNotACache() {
        assertThatThrownBy(() -> new CachedFleetHealth(source, Duration.ZERO, ticker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fleetHealthCacheTtl");
    }
}
