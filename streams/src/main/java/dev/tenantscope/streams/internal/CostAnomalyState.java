package dev.tenantscope.streams.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One cost line's history (tenant, account, service): the settled daily cost's exponentially weighted level and
 * variance, its day-of-week profile, how far estimates of each age fall short of the settled amount, the days not
 * settled yet, and its open alert.
 *
 * @param days settled days learned
 * @param lastSettled the newest settled day learned; days at or before it never open an alert (a month-close
 *     restatement of a settled day is not news)
 * @param weekday the expected settled cost per ISO day of week (index 0 = Monday), -1 where not seen yet
 * @param maturity per estimate age (whole days from the start of the day: 0, 1, 2 or more), the learned ratio of the
 *     estimate to the settled amount; 1 until learned
 * @param pending the estimates seen of days not settled yet, per age (-1 where none), for learning {@code maturity}
 * @param last the latest deviation score (what the tier cohort ranks against)
 * @param openedDay the day whose value opened the open alert, null when none is open
 * @param newestDay the newest day seen
 * @param quietThrough days at or before it cannot open a new alert (the days an alert already covered)
 * @param history the settled days learned, oldest first, at most {@link CostAnomalyDetector#HISTORY_DAYS}: a settled
 *     day older than {@code lastSettled} that is not in it (a backfill arriving after the month-to-date pull) is
 *     learned by replaying the history in day order with it
 */
public record CostAnomalyState(
        String tenant,
        String account,
        String service,
        double mean,
        double variance,
        long days,
        LocalDate lastSettled,
        List<Double> weekday,
        List<Double> maturity,
        List<Pending> pending,
        double last,
        LocalDate openedDay,
        Instant openedAt,
        LocalDate newestDay,
        LocalDate quietThrough,
        List<Settled> history) {

    /** A settled day's cost, as learned. */
    public record Settled(LocalDate day, double value) {}

    /** The estimates seen of one unsettled day, by age (-1: not seen at that age). */
    public record Pending(LocalDate day, List<Double> byAge) {
        public Pending {
            byAge = List.copyOf(byAge);
        }
    }

    public CostAnomalyState {
        weekday = weekday == null ? List.of() : List.copyOf(weekday);
        maturity = maturity == null ? List.of() : List.copyOf(maturity);
        pending = pending == null ? List.of() : List.copyOf(pending);
        history = history == null ? List.of() : List.copyOf(history);
    }
}
