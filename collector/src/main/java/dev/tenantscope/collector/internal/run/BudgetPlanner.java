package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.CollectorConfig.Schedule;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Turns an API budget per account-month (averaged over the fleet) into intervals per signal class.
 *
 * <p>Start from the freshness targets; when they cost more than the budget, first give hot accounts no more than
 * active ones, then stretch every class, the cost pull included, by the same factor until the projection fits.
 * Never over budget: freshness degrades instead. GetMetricData bills per metric requested, so
 * a longer window at the same interval costs nothing extra — only frequency costs.
 */
public final class BudgetPlanner {
    static final double SECONDS_PER_MONTH = 30 * 86_400.0;
    private static final Duration MAX_COST_INTERVAL = Duration.ofDays(7);

    private BudgetPlanner() {}

    /**
     * What one pull costs, measured or estimated, per account (fleet-wide calls already divided by the fleet).
     *
     * @param alertUsd one alert-class pull of one account (alert metrics + quota usage + Logs Insights bytes)
     * @param standardUsd one standard-class pull of one account
     * @param costPullUsd one payer cost pull, divided by the accounts it covers
     * @param naiveCostPullUsd one cost pull per account, as a collector without payer grouping would do
     */
    public record Costs(double alertUsd, double standardUsd, double costPullUsd, double naiveCostPullUsd) {}

    /** Share of accounts in each activity state; the rest are idle. */
    public record Mix(double hot, double active) {
        public double idle() {
            return Math.max(0, 1 - hot - active);
        }
    }

    /**
     * The plan for a fleet of {@code accounts} (the budget is {@link Schedule#budgetPerAccountMonth(int)}): the
     * freshness targets when they fit; else hot accounts get no more than active ones; else every class — the
     * payer cost pull included, up to a week — is stretched by one factor until the projection fits, so no class
     * is starved for the others (stretching the cost pull alone to a week saved a few percent of spend and made
     * every cost alert a week late).
     */
    public static Plan plan(Schedule s, Costs c, Mix m, int accounts) {
        double budget = s.budgetPerAccountMonth(accounts);
        Duration hot = s.hotAlertInterval();
        Duration alert = s.alertInterval();
        Duration standard = s.standardInterval();
        Duration heartbeat = s.heartbeatInterval();
        Duration cost = s.costInterval();
        double usd = usd(c, m, hot, alert, standard, heartbeat, cost);
        if (usd > budget) {
            hot = alert;
            usd = usd(c, m, hot, alert, standard, heartbeat, cost);
        }
        boolean degraded = false;
        if (usd > budget) {
            double factor = usd / budget;
            if (c.costPullUsd() > 0) {
                Duration stretched = ceilMinutes(scale(cost, factor));
                if (stretched.compareTo(MAX_COST_INTERVAL) > 0) {
                    // the cost pull stops at a week; the signal classes make up the rest
                    double signals = usd - monthly(c.costPullUsd(), cost);
                    double fixed = monthly(c.costPullUsd(), MAX_COST_INTERVAL);
                    factor = budget > fixed ? signals / (budget - fixed) : 1e6;
                    stretched = MAX_COST_INTERVAL;
                }
                cost = stretched;
            }
            hot = ceilMinutes(scale(hot, factor));
            alert = ceilMinutes(scale(alert, factor));
            standard = ceilMinutes(scale(standard, factor));
            heartbeat = ceilMinutes(scale(heartbeat, factor));
            usd = usd(c, m, hot, alert, standard, heartbeat, cost);
            degraded = true;
        }
        double naive = naive(c, hot, standard, cost);
        return new Plan(hot, alert, standard, heartbeat, cost, usd, naive, budget, degraded);
    }

    /** Everything of every account at the freshest planned interval, cost pulled per account. */
    static double naive(Costs c, Duration hot, Duration standard, Duration cost) {
        return monthly(c.alertUsd() + c.standardUsd(), hot) + monthly(c.naiveCostPullUsd(), cost);
    }

    static double usd(
            Costs c, Mix m, Duration hot, Duration alert, Duration standard, Duration heartbeat, Duration cost) {
        double busy = m.hot() * monthly(c.alertUsd(), hot)
                + m.active() * monthly(c.alertUsd(), alert)
                + (m.hot() + m.active()) * monthly(c.standardUsd(), standard);
        double idle = m.idle() * monthly(c.alertUsd() + c.standardUsd(), heartbeat);
        return busy + idle + monthly(c.costPullUsd(), cost);
    }

    static double monthly(double perPull, Duration interval) {
        return perPull * SECONDS_PER_MONTH / interval.toSeconds();
    }

    private static Duration scale(Duration d, double factor) {
        return seconds(d.toSeconds() * factor);
    }

    private static Duration seconds(double s) {
        return Duration.ofSeconds((long) Math.ceil(Math.min(s, 86_400.0 * 365)));
    }

    private static Duration ceilMinutes(Duration d) {
        long m = (d.toSeconds() + 59) / 60;
        return Duration.ofMinutes(Math.max(1, m));
    }

    /**
     * The plan.
     *
     * @param usdPerAccountMonth projected API spend per account-month at these intervals
     * @param naiveUsdPerAccountMonth the same freshness without the planner
     */
    public record Plan(
            Duration hotAlert,
            Duration alert,
            Duration standard,
            Duration heartbeat,
            Duration cost,
            double usdPerAccountMonth,
            double naiveUsdPerAccountMonth,
            double budget,
            boolean degraded) {

        public Duration interval(Signal signal, ActivityState state) {
            return switch (state) {
                case IDLE -> heartbeat;
                case HOT -> signal == Signal.ALERT ? hotAlert : standard;
                case ACTIVE -> signal == Signal.ALERT ? alert : standard;
            };
        }

        public BigDecimal usd() {
            return BigDecimal.valueOf(usdPerAccountMonth);
        }

        @Override
        public String toString() {
            return String.format(
                    "alert %s (hot %s), standard %s, idle heartbeat %s, cost %s → $%.4f/account-month of $%.2f"
                            + " budget%s; without the planner $%.4f",
                    alert,
                    hotAlert,
                    standard,
                    heartbeat,
                    cost,
                    usdPerAccountMonth,
                    budget,
                    degraded ? " (freshness degraded to fit)" : "",
                    naiveUsdPerAccountMonth);
        }
    }

    /** An account's activity as last seen: hot accounts get fresher alert signals, idle ones a heartbeat. */
    public enum ActivityState {
        HOT,
        ACTIVE,
        IDLE
    }
}
