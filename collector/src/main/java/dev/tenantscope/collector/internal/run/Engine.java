package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.SweepReport;
import dev.tenantscope.collector.internal.pull.Sink;
import dev.tenantscope.collector.internal.run.BudgetPlanner.ActivityState;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Plan;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.AccountRegistration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordinates the collector's jobs; each job is its own part (see {@link Wiring}). A sweep ({@link #sweep()},
 * tests and benchmarks) and the {@link Scheduler} (continuous mode) go through the same steps: discovery when
 * this instance leads it, the payer cost pull, account collections through the one {@link Dispatcher}, and
 * re-planning from what the collections cost.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Duration ASSIGNMENT_WAIT = Duration.ofSeconds(30);
    private final Wiring parts;

    /** {@code sink} stays the caller's: the engine writes to it and never closes it. */
    public Engine(CollectorConfig config, Clocks clocks, CollectorMetrics metrics, Sink sink) {
        this.parts = new Wiring(config, clocks, metrics, sink);
    }

    public CollectorConfig config() {
        return parts.config;
    }

    public Clocks clocks() {
        return parts.clocks;
    }

    public CollectorMetrics metrics() {
        return parts.metrics;
    }

    public Ownership ownership() {
        return parts.ownership;
    }

    public Plan plan() {
        return parts.replanner.plan();
    }

    public int sdkClients() {
        return parts.clients.clientCount();
    }

    public boolean discoveryLeader() {
        return parts.discovery.leader();
    }

    public Discovery.Result discover() {
        return parts.discovery.run();
    }

    CompletableFuture<Discovery.Result> discoverInBackground() {
        return parts.dispatcher.fleetJob("discovery", this::discover, null);
    }

    public List<AccountRegistration> owned() {
        return parts.ownership.owned();
    }

    /** The owned accounts that are collected (not suspended or closed); also sets the owned-accounts gauge. */
    List<AccountRegistration> polled() {
        List<AccountRegistration> polled =
                owned().stream().filter(r -> r.status().polled()).toList();
        parts.metrics.owned(polled.size());
        return polled;
    }

    /**
     * Pulls the organisation's payer cost (leader only) alongside the accounts, its spend shared among
     * {@code owned}: the regular window when {@code regular}, else only a resume or a due backfill step; yields the
     * cost lines written (0 on failure or when not the leader).
     */
    CompletableFuture<Integer> pullCostInBackground(List<AccountRegistration> owned, boolean regular) {
        return parts.dispatcher.fleetJob("payer cost pull", () -> pullCost(owned, regular), 0);
    }

    /**
     * The one instance of the fleet that pulls payer cost: the holder of accounts partition 0, elected by Kafka's
     * consumer group like the discovery leader — never one pull per instance.
     */
    boolean payerLeader() {
        return parts.ownership.ownsPartition(0);
    }

    /** When the fleet last completed a regular payer pull (whichever instance led then), if ever. */
    Optional<Instant> lastCostPull() {
        return CostPullHistory.lastRegularPull(parts.config.kafka().bootstrapServers(), ASSIGNMENT_WAIT);
    }

    /** A payer pull stopped at a failed page and waits to resume. */
    boolean costPending() {
        return parts.payerCost.pending();
    }

    private int pullCost(List<AccountRegistration> owned, boolean regular) {
        if (!payerLeader()) {
            return 0;
        }
        PayerCost.Pulled pulled = parts.payerCost.pull(owned, parts.sink, regular);
        parts.replanner.costPulled(pulled.regularPages(), pulled.accounts());
        parts.reporter.fleetCalls(pulled.ledger());
        return pulled.lines();
    }

    public ActivityState state(AccountId account) {
        return parts.activity.state(account);
    }

    /** See {@link Dispatcher#dispatch}. */
    Optional<CompletableFuture<AccountOutcome>> dispatch(AccountRegistration reg, Set<Signal> due, Duration lookback) {
        return parts.dispatcher.dispatch(reg, due, lookback);
    }

    boolean collecting(AccountId account) {
        return parts.dispatcher.collecting(account);
    }

    /** Re-plans from what {@code outcomes} cost and the fleet's current activity mix. */
    Plan replan(List<AccountOutcome> outcomes) {
        return parts.replanner.replan(outcomes, parts.activity.mix(), parts.ownership.fleetEstimate());
    }

    /** One full sweep of every owned, polled account: all signal classes, the payer cost pull alongside. */
    public SweepReport sweep() {
        Instant t0 = parts.clocks.wall().instant();
        awaitAssignment("sweeping without a caught-up accounts assignment");
        if (discoveryLeader()) {
            discover();
            awaitAssignment("accounts topic not caught up after discovery");
        }
        List<AccountRegistration> owned = polled();
        Future<Integer> cost = pullCostInBackground(owned, true);
        Plan plan = plan();
        List<Future<AccountOutcome>> running = new ArrayList<>(owned.size());
        for (AccountRegistration reg : owned) {
            Duration lookback = state(reg.account()) == ActivityState.IDLE ? plan.heartbeat() : plan.standard();
            dispatch(reg, EnumSet.allOf(Signal.class), lookback).ifPresent(running::add);
        }
        List<AccountOutcome> outcomes = completed(running);
        long costLines = completed(List.of(cost)).stream().findFirst().orElse(0);
        parts.sink.flush();
        Duration took = Duration.between(t0, parts.clocks.wall().instant());
        parts.metrics.sweep(took);
        Plan next = replan(outcomes);
        Map<String, String> activity = new java.util.TreeMap<>();
        outcomes.forEach(o ->
                activity.put(o.run().account().value(), state(o.run().account()).name()));
        return parts.reporter.report(outcomes, costLines, took, next, activity);
    }

    /** Results of the futures that succeeded; a failed one was logged where it failed. */
    private static <T> List<T> completed(List<Future<T>> futures) {
        List<T> done = new ArrayList<>(futures.size());
        for (Future<T> f : futures) {
            try {
                done.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a sweep", e);
            } catch (ExecutionException e) {
                // logged by the dispatcher, with the account
            }
        }
        return done;
    }

    private void awaitAssignment(String warning) {
        try {
            parts.ownership.awaitCaughtUp(ASSIGNMENT_WAIT);
        } catch (TimeoutException e) {
            LOG.warn("{}: {}", warning, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the accounts assignment", e);
        }
    }

    /** Closes what the engine built; the sink and the metrics stay open for their owner. */
    @Override
    public void close() {
        parts.close();
    }
}
