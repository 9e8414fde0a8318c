package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.internal.pull.Sink;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.ApiUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way an account is collected, by a sweep and by the scheduler alike: on its own (virtual) thread, at
 * most {@code maxInFlight} at once, one collection per account at a time, with a deadline of
 * {@code accountTimeout} from when it gets its permit. Each outcome is published as a run record, counted and
 * fed to the activity tracker before its future completes.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private final AccountCollection collection;
    private final Function<AccountId, List<ApiUsage>> sharedSpend;
    private final ActivityTracker activity;
    private final CollectorMetrics metrics;
    private final Sink sink;
    private final Clock wall;
    private final Duration accountTimeout;
    private final Semaphore inFlight;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final Set<AccountId> running = ConcurrentHashMap.newKeySet();

    /**
     * How far collections may go.
     *
     * @param maxInFlight accounts collected at once (each holds connections and memory while it runs)
     * @param accountTimeout how long one account's collection may make calls, from when it starts
     */
    public record Bounds(int maxInFlight, Duration accountTimeout) {
        public Bounds {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            }
            if (accountTimeout == null || accountTimeout.isNegative() || accountTimeout.isZero()) {
                throw new IllegalArgumentException("accountTimeout must be positive, was " + accountTimeout);
            }
        }
    }

    /** Runs on a virtual-thread-per-task executor of its own, shut down by {@link #close()}. */
    public Dispatcher(
            AccountCollection collection,
            Function<AccountId, List<ApiUsage>> sharedSpend,
            ActivityTracker activity,
            CollectorMetrics metrics,
            Sink sink,
            Clock wall,
            Bounds bounds) {
        this(collection, sharedSpend, activity, metrics, sink, wall, bounds, null);
    }

    /** Runs on {@code executor}, which stays the caller's: {@link #close()} leaves it running. */
    public Dispatcher(
            AccountCollection collection,
            Function<AccountId, List<ApiUsage>> sharedSpend,
            ActivityTracker activity,
            CollectorMetrics metrics,
            Sink sink,
            Clock wall,
            Bounds bounds,
            ExecutorService executor) {
        this.collection = collection;
        this.sharedSpend = sharedSpend;
        this.activity = activity;
        this.metrics = metrics;
        this.sink = sink;
        this.wall = wall;
        this.accountTimeout = bounds.accountTimeout();
        this.inFlight = new Semaphore(bounds.maxInFlight());
        this.ownsExecutor = executor == null;
        this.executor = ownsExecutor ? Executors.newVirtualThreadPerTaskExecutor() : executor;
    }

    /**
     * Starts collecting {@code reg}; empty when its previous collection is still running. The future fails
     * only on a bug or a shutdown — an account's own failures are data in the outcome.
     */
    public Optional<CompletableFuture<AccountOutcome>> dispatch(
            AccountRegistration reg, Set<Signal> due, Duration lookback) {
        if (!running.add(reg.account())) {
            return Optional.empty();
        }
        try {
            return Optional.of(CompletableFuture.supplyAsync(() -> run(reg, due, lookback), executor));
        } catch (RejectedExecutionException e) {
            running.remove(reg.account());
            throw e;
        }
    }

    /** Collections waiting for a permit (a hint, for tests and gauges). */
    int waiting() {
        return inFlight.getQueueLength();
    }

    /** Whether a collection of {@code account} is queued or running. */
    public boolean collecting(AccountId account) {
        return running.contains(account);
    }

    /**
     * Runs a job for the whole fleet (discovery, the payer cost pull) on the same threads, outside the in-flight
     * bound: it is one call chain, not an account. A failure is logged and yields {@code onFailure}.
     */
    public <T> CompletableFuture<T> fleetJob(String what, Supplier<T> job, T onFailure) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return job.get();
                    } catch (RuntimeException e) {
                        LOG.warn("{} failed: {}", what, e.toString());
                        return onFailure;
                    }
                },
                executor);
    }

    private AccountOutcome run(AccountRegistration reg, Set<Signal> due, Duration lookback) {
        try {
            inFlight.acquire();
            try {
                return collectAndRecord(reg, due, lookback);
            } finally {
                inFlight.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopped(reg, e);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw stopped(reg, e); // a puller gave up on an interrupt: shutting down, not a bug
            }
            LOG.warn("collecting {} failed unexpectedly: {}", reg.account(), e.toString(), e);
            throw e;
        } finally {
            running.remove(reg.account());
        }
    }

    private static CancellationException stopped(AccountRegistration reg, Exception cause) {
        CancellationException stopped = new CancellationException("collecting " + reg.account() + " interrupted");
        stopped.initCause(cause);
        return stopped;
    }

    private AccountOutcome collectAndRecord(AccountRegistration reg, Set<Signal> due, Duration lookback) {
        Instant deadline = wall.instant().plus(accountTimeout);
        List<ApiUsage> shared = sharedSpend.apply(reg.account());
        AccountOutcome o = collection.collect(reg, due, lookback, shared, deadline, sink);
        sink.run(o.run());
        metrics.run(o.run().status().name());
        metrics.spent(o.run().usage());
        activity.record(reg.account(), o.active(), o.hot());
        return o;
    }

    /** Shuts down the executor if this dispatcher created it (interrupting collections still running). */
    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }
}
