package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.internal.run.BudgetPlanner.ActivityState;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Plan;
import dev.tenantscope.model.events.AccountRegistration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous mode: every tick, each owned account whose jittered slot for a signal class has begun is collected
 * once for that slot. Slots are its tenant's ({@link Jitter#slotOffset}): a tenant's accounts are collected together. Intervals come from the current {@link Plan} and the account's activity. A first-seen
 * account (at start, or handed over) is collected once at its jittered point of {@code schedule.startRamp}, so
 * fleet health is known minutes after start instead of one interval later, yet spread, not a thundering herd;
 * then its slots take over. Collections go through the engine's one dispatcher, as in a sweep.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    // enough runs to price a large fleet's pulls; bounded so memory does not grow with uptime
    private static final int KEEP_OUTCOMES = 20_000;
    private static final Duration REPLAN_EVERY = Duration.ofMinutes(1);
    private final Engine engine;
    private final Clock dataClock;
    private final Clock wall;
    private final Map<String, Instant> lastSlot = new ConcurrentHashMap<>();
    /** When each account not collected yet since first seen gets its first collection (data time). */
    private final Map<dev.tenantscope.model.AccountId, Instant> rampAt = new ConcurrentHashMap<>();

    private final Set<dev.tenantscope.model.AccountId> ramped = ConcurrentHashMap.newKeySet();
    private final Deque<AccountOutcome> recent = new ArrayDeque<>(); // guarded by itself
    private final Thread thread;
    private volatile boolean stop;
    private Instant nextDiscovery = Instant.MIN;
    private Instant nextCost = Instant.MIN;
    private Instant nextCostRetry = Instant.MIN;
    private boolean payerLeader;
    private Instant nextReplan = Instant.MIN;

    /** What is due for one account now. */
    private record Due(Set<Signal> signals, Duration lookback, Duration lag) {}

    public Scheduler(Engine engine) {
        this.engine = engine;
        this.dataClock = engine.clocks().data();
        this.wall = engine.clocks().wall();
        this.thread = Thread.ofPlatform().name("collector-scheduler").daemon().unstarted(this::loop);
    }

    public Scheduler start() {
        thread.start();
        return this;
    }

    private void loop() {
        Duration tick = engine.config().schedule().tick();
        while (!stop) {
            try {
                tick(dataClock.instant());
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("scheduler tick failed (retrying next tick): {}", e.toString(), e);
            }
        }
    }

    /**
     * Starts what is due at {@code now} (discovery, the payer cost pull, each account's due signal classes) and
     * returns the started work, for a caller that steps the data clock and waits; the loop does not wait.
     */
    public List<CompletableFuture<?>> tick(Instant now) {
        List<CompletableFuture<?>> started = new ArrayList<>();
        if (engine.discoveryLeader() && !now.isBefore(nextDiscovery)) {
            nextDiscovery = now.plus(engine.config().discovery().interval());
            started.add(engine.discoverInBackground());
        }
        List<AccountRegistration> owned = engine.polled();
        Plan plan = engine.plan();
        // Only the elected payer leader pulls, once per cost interval for the whole organisation; a pull stopped
        // at a failed page resumes there, and due backfill steps run, after a pause (wall time: the data clock
        // may stand still).
        boolean leader = engine.payerLeader();
        if (leader && !payerLeader) {
            // newly elected (start, or partition 0 moved here): pull when the fleet's last pull is an interval old
            nextCost = engine.lastCostPull().map(t -> t.plus(plan.cost())).orElse(Instant.MIN);
        }
        payerLeader = leader;
        if (leader) {
            if (!now.isBefore(nextCost)) {
                nextCost = now.plus(plan.cost());
                nextCostRetry = wall.instant().plus(PayerCost.retryAfter());
                started.add(engine.pullCostInBackground(owned, true));
            } else if (engine.costPending() && !wall.instant().isBefore(nextCostRetry)) {
                nextCostRetry = wall.instant().plus(PayerCost.retryAfter());
                started.add(engine.pullCostInBackground(owned, false));
            }
        }
        Duration maxLag = Duration.ZERO;
        for (AccountRegistration reg : owned) {
            // a slot that begins while the account is still being collected stays due until it is free
            if (engine.collecting(reg.account())) {
                continue;
            }
            Due due = due(reg, plan, now);
            if (!due.signals().isEmpty()) {
                maxLag = due.lag().compareTo(maxLag) > 0 ? due.lag() : maxLag;
                engine.dispatch(reg, due.signals(), due.lookback())
                        .ifPresent(f -> started.add(f.thenAccept(this::remember)));
            }
        }
        engine.metrics().scheduleLag(maxLag);
        replanWhenDue();
        return started;
    }

    /**
     * The signal classes whose slot began since the last one taken; the window covers the longest interval. An
     * account's first collection comes at its point of the start ramp (or its first slot, if sooner) and pulls
     * every class.
     */
    private Due due(AccountRegistration reg, Plan plan, Instant now) {
        ActivityState state = engine.state(reg.account());
        Set<Signal> due = EnumSet.noneOf(Signal.class);
        Duration lookback = Duration.ZERO;
        Duration maxLag = Duration.ZERO;
        Duration ramp = engine.config().schedule().startRamp();
        boolean first = !ramp.isZero() && !ramped.contains(reg.account());
        if (first) {
            Instant at = rampAt.computeIfAbsent(reg.account(), a -> rampPoint(reg, now, ramp));
            if (!now.isBefore(at)) {
                ramped.add(reg.account());
                rampAt.remove(reg.account());
                for (Signal s : Signal.values()) {
                    Duration interval = plan.interval(s, state);
                    Instant slot = Jitter.slotStart(now, interval, Jitter.slotOffset(reg, s.name(), interval));
                    lastSlot.put(reg.account().value() + '|' + s, slot); // this slot is taken by the first run
                    due.add(s);
                    lookback = interval.compareTo(lookback) > 0 ? interval : lookback;
                }
                return new Due(due, lookback, Duration.between(at, now));
            }
        }
        for (Signal s : Signal.values()) {
            Duration interval = plan.interval(s, state);
            Instant slot = Jitter.slotStart(now, interval, Jitter.slotOffset(reg, s.name(), interval));
            String key = reg.account().value() + '|' + s;
            Instant last = lastSlot.putIfAbsent(key, slot);
            if (last != null && last.isBefore(slot)) {
                lastSlot.put(key, slot);
                due.add(s);
                lookback = interval.compareTo(lookback) > 0 ? interval : lookback;
                Duration lag = Duration.between(slot, now);
                maxLag = lag.compareTo(maxLag) > 0 ? lag : maxLag;
            }
        }
        if (first && !due.isEmpty()) {
            ramped.add(reg.account()); // its first slot came before its point of the ramp
            rampAt.remove(reg.account());
        }
        return new Due(due, lookback, maxLag);
    }

    /**
     * The account's first collection: the next point of its tenant's jitter on a grid of {@code ramp}, within
     * {@code ramp} of now, so a tenant's accounts first seen a few ticks apart still start together.
     */
    private static Instant rampPoint(AccountRegistration reg, Instant now, Duration ramp) {
        Instant at = Jitter.slotStart(now, ramp, Jitter.slotOffset(reg, "start-ramp", ramp));
        return at.isBefore(now) ? at.plus(ramp) : at;
    }

    private void remember(AccountOutcome o) {
        synchronized (recent) {
            recent.addLast(o);
            while (recent.size() > KEEP_OUTCOMES) {
                recent.removeFirst();
            }
        }
    }

    /** Re-plans once a (wall-clock) minute from the recent runs: planning is cheap, but not free per tick. */
    private void replanWhenDue() {
        Instant now = wall.instant();
        if (now.isBefore(nextReplan)) {
            return;
        }
        List<AccountOutcome> snapshot;
        synchronized (recent) {
            snapshot = new ArrayList<>(recent);
        }
        if (!snapshot.isEmpty()) { // the first runs are planned from as soon as they are in
            nextReplan = now.plus(REPLAN_EVERY);
            engine.replan(snapshot);
        }
    }

    @Override
    public void close() {
        stop = true;
        if (thread.getState() == Thread.State.NEW) {
            return; // stepped by Collector.collectDue, never started
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
