package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.internal.run.BudgetPlanner.ActivityState;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Mix;
import dev.tenantscope.model.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each owned account's activity as last collected: hot accounts get fresher alert signals, accounts quiet for
 * {@code idleAfter} (data time) only a heartbeat. An account never collected counts as active, so a new or
 * handed-over account is not starved while its history is unknown.
 */
public final class ActivityTracker {
    private final Duration idleAfter;
    private final Clock dataClock;
    private final Map<AccountId, Seen> seen = new ConcurrentHashMap<>();

    /** When the account last showed any non-zero metric, and whether its last run found it hot. */
    private record Seen(Instant lastActive, boolean hot) {}

    public ActivityTracker(Duration idleAfter, Clock dataClock) {
        this.idleAfter = idleAfter;
        this.dataClock = dataClock;
    }

    /** Records what a run saw. A first run sets the clock of idleness going even when it saw nothing. */
    public void record(AccountId account, boolean active, boolean hot) {
        Instant now = dataClock.instant();
        seen.compute(account, (k, prev) -> new Seen(active || prev == null ? now : prev.lastActive(), hot));
    }

    public ActivityState state(AccountId account) {
        Seen s = seen.get(account);
        if (s == null) {
            return ActivityState.ACTIVE;
        }
        if (s.hot()) {
            return ActivityState.HOT;
        }
        return s.lastActive().plus(idleAfter).isBefore(dataClock.instant()) ? ActivityState.IDLE : ActivityState.ACTIVE;
    }

    /** The share of tracked accounts in each state, which the planner prices. */
    public Mix mix() {
        long hot = 0;
        long idle = 0;
        for (AccountId account : seen.keySet()) {
            ActivityState state = state(account);
            hot += state == ActivityState.HOT ? 1 : 0;
            idle += state == ActivityState.IDLE ? 1 : 0;
        }
        double total = Math.max(1, seen.size());
        return new Mix(hot / total, Math.max(0, (total - hot - idle) / total));
    }

    /** The account moved to another instance: its history goes with it. */
    public void forget(AccountId account) {
        seen.remove(account);
    }
}
