package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.internal.pull.CostPuller.Scope;
import dev.tenantscope.model.AccountId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cost history the regular window does not reach: on the first start of an installation (no cost pull ever
 * completed) the organisation's last {@code months} months, newest first so last month is there on day one; and
 * for an account registered later, its own history. One scope per step, paced so that backfilling spends at most
 * the budget's headroom per day; progress is logged and exported as a gauge.
 */
final class CostBackfill {
    private static final Logger LOG = LoggerFactory.getLogger(CostBackfill.class);
    // when the plan leaves no headroom, a tenth of the budget still moves the backfill forward
    private static final double MIN_SHARE = 0.1;
    private final int months;
    private final DoubleSupplier budgetPerAccountMonth;
    private final Deque<Scope> queue = new ArrayDeque<>();
    private final AtomicInteger remaining = new AtomicInteger();
    private Set<AccountId> seen; // the fleet at the previous step; null before the first
    private boolean organisationQueued;
    private int done;
    private Instant nextAllowed = Instant.MIN;

    CostBackfill(int months, DoubleSupplier budgetPerAccountMonth, MeterRegistry registry) {
        this.months = months;
        this.budgetPerAccountMonth = budgetPerAccountMonth;
        Gauge.builder("tenantscope.collector.cost.backfill.remaining", remaining, AtomicInteger::get)
                .description("cost history pulls (a month of the organisation, or one account's history) still to do")
                .register(registry);
    }

    /**
     * Queues what is missing: everything on the first step of an installation that never completed a pull, and
     * the history of accounts that appeared in the fleet since the previous step.
     *
     * @param windowStart first day the regular pull covers: history ends there
     */
    synchronized void plan(
            LocalDate today, LocalDate windowStart, Collection<AccountId> fleet, BooleanSupplier everPulled) {
        if (months == 0) {
            return;
        }
        LocalDate earliest = today.withDayOfMonth(1).minusMonths(months);
        if (seen == null) {
            seen = new HashSet<>(fleet);
            if (!everPulled.getAsBoolean()) {
                for (LocalDate m = windowStart.withDayOfMonth(1); m.isAfter(earliest) || m.equals(earliest); ) {
                    LocalDate until = m.plusMonths(1).isBefore(windowStart) ? m.plusMonths(1) : windowStart;
                    if (until.isAfter(m)) {
                        queue.addLast(new Scope(m, until, null));
                    }
                    m = m.minusMonths(1);
                }
                organisationQueued = true;
                LOG.info("cost backfill: first start, {} months of the organisation's history queued", queue.size());
            }
        } else {
            for (AccountId a : fleet) {
                if (seen.add(a) && !organisationQueued && windowStart.isAfter(earliest)) {
                    queue.addLast(new Scope(earliest, windowStart, a));
                    LOG.info("cost backfill: account {} registered, its history since {} queued", a.value(), earliest);
                }
            }
        }
        remaining.set(queue.size());
    }

    /** The next scope to pull when its turn has come, else null. */
    synchronized Scope next(Instant now) {
        return queue.isEmpty() || now.isBefore(nextAllowed) ? null : queue.peekFirst();
    }

    synchronized boolean due(Instant now) {
        return next(now) != null;
    }

    /**
     * A scope was pulled for {@code spend}: the next waits until the budget's headroom per day has paid for it.
     *
     * @param plannedPerAccountMonth what the current plan spends per account-month
     */
    synchronized void completed(
            Scope scope, BigDecimal spend, Instant now, int accounts, double plannedPerAccountMonth) {
        queue.remove(scope);
        if (queue.isEmpty()) {
            organisationQueued = false;
        }
        done++;
        remaining.set(queue.size());
        double budget = budgetPerAccountMonth.getAsDouble();
        double headroom = Math.max(budget - plannedPerAccountMonth, MIN_SHARE * budget);
        double perDay = headroom * Math.max(1, accounts) / 30.0;
        Duration pause = perDay <= 0
                ? Duration.ofDays(1)
                : Duration.ofSeconds((long) Math.ceil(spend.doubleValue() / perDay * 86_400));
        nextAllowed = now.plus(pause);
        LOG.info(
                "cost backfill: {} pulled for ${} ({} done, {} to go); next in {} to stay within the API budget",
                scope,
                spend.toPlainString(),
                done,
                queue.size(),
                pause);
    }

    int remaining() {
        return remaining.get();
    }
}
