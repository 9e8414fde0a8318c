package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.internal.run.BudgetPlanner.ActivityState;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Plan;
import dev.tenantscope.model.AccountId;
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
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous mode: every tick, each owned account whose jittered slot for a signal class has begun is collected
 * once for that slot. Intervals come from the current {@link Plan} and the account's activity; a first-seen
 * account waits for its next slot (within one interval), so a restart is no thundering herd.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final int KEEP_OUTCOMES = 20_000;
    private final Engine engine;
    private final Clock clock;
    private final Map<String, Instant> lastSlot = new ConcurrentHashMap<>();
    private final Set<AccountId> running = ConcurrentHashMap.newKeySet();
    private final Deque<AccountOutcome> recent = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean stop;
    private Instant nextDiscovery = Instant.MIN;
    private Instant nextCost = Instant.MIN;
    private int costPulledFor;
    private long nextReplanNanos;

    public Scheduler(Engine engine) {
        this.engine = engine;
        this.clock = engine.clock();
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
                tick(clock.instant());
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("scheduler tick failed (retrying next tick): {}", e.toString(), e);
            }
        }
    }

    void tick(Instant now) {
        if (engine.discoveryLeader() && !now.isBefore(nextDiscovery)) {
            nextDiscovery = now.plus(engine.config().discovery().interval());
            engine.threads().submit(engine::discover);
        }
        List<AccountRegistration> owned =
                engine.owned().stream().filter(r -> r.status().polled()).toList();
        engine.metrics().owned(owned.size());
        Plan plan = engine.plan();
        // Pull when due, and again as soon as this instance holds more accounts than it last pulled for: at
        // start-up discovery lands after the first tick, and a rebalance can hand over accounts mid-day.
        if (!owned.isEmpty() && (!now.isBefore(nextCost) || owned.size() > costPulledFor)) {
            nextCost = now.plus(plan.cost());
            costPulledFor = owned.size();
            engine.threads().submit(() -> engine.pullCost(owned));
        }
        Duration maxLag = Duration.ZERO;
        for (AccountRegistration reg : owned) {
            if (running.contains(reg.account())) {
                continue;
            }
            ActivityState state = engine.state(reg.account());
            Set<Signal> due = EnumSet.noneOf(Signal.class);
            Duration lookback = Duration.ZERO;
            for (Signal s : Signal.values()) {
                Duration interval = plan.interval(s, state);
                Instant slot = Jitter.slotStart(now, interval, Jitter.offset(reg.account(), s.name(), interval));
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
            if (!due.isEmpty()) {
                running.add(reg.account());
                Duration window = lookback;
                engine.threads().submit(() -> run(reg, due, window));
            }
        }
        engine.metrics().scheduleLag(maxLag);
        if (System.nanoTime() > nextReplanNanos) {
            nextReplanNanos = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            List<AccountOutcome> snapshot;
            synchronized (recent) {
                snapshot = new ArrayList<>(recent);
            }
            if (!snapshot.isEmpty()) {
                engine.replan(snapshot);
            }
        }
    }

    private void run(AccountRegistration reg, Set<Signal> due, Duration lookback) {
        try {
            engine.inFlight().acquire();
            try {
                AccountOutcome o = engine.collect(reg, due, lookback);
                synchronized (recent) {
                    recent.addLast(o);
                    while (recent.size() > KEEP_OUTCOMES) {
                        recent.removeFirst();
                    }
                }
            } finally {
                engine.inFlight().release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("collecting {} failed unexpectedly: {}", reg.account(), e.toString(), e);
        } finally {
            running.remove(reg.account());
        }
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
