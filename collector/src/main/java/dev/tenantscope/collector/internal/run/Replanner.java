package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.Pricer;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Costs;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Mix;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Plan;
import dev.tenantscope.model.events.ApiUsage;
import dev.tenantscope.model.events.RunStatus;
import java.util.List;

/**
 * Keeps the {@link Plan} in force: starts from costs estimated from the config and the price table, then
 * re-plans from what pulls really cost (per-account runs, payer cost pulls) and the fleet's activity mix.
 */
public final class Replanner {
    private final CollectorConfig.Schedule schedule;
    private final Pricer pricer;
    private volatile Costs costs; // written under this, read without
    private volatile Plan plan;
    private int payerCoverage; // accounts the last payer pull covered, 0 before one; guarded by this

    public Replanner(CollectorConfig config, Pricer pricer) {
        this.schedule = config.schedule();
        this.pricer = pricer;
        this.costs = estimate(config, pricer);
        // before the first run nothing is known about activity: plan as if every account were active
        this.plan = BudgetPlanner.plan(schedule, costs, new Mix(0, 1), 0);
    }

    /** Before anything is measured: every configured metric in every region, one cost page per 1,000 accounts. */
    static Costs estimate(CollectorConfig config, Pricer pricer) {
        double perMetric = pricer.perCall(Apis.GET_METRIC_DATA, 1).doubleValue();
        int regions = config.aws().regions().size();
        double alert = regions * config.metrics().alert().size() * perMetric;
        double standard = regions * config.metrics().standard().size() * perMetric;
        double perPage = pricer.perCall(Apis.GET_COST_AND_USAGE, 1).doubleValue();
        return new Costs(alert, standard, perPage / 1000, perPage);
    }

    public Plan plan() {
        return plan;
    }

    Costs costs() {
        return costs;
    }

    /**
     * A payer pull read {@code pages} for the {@code accounts} of the fleet: its cost per account replaces the
     * estimate, and the fleet's size sets the budget floor's share per account.
     */
    public synchronized void costPulled(long pages, int accounts) {
        if (accounts <= 0) {
            return;
        }
        double perPage = pricer.perCall(Apis.GET_COST_AND_USAGE, 1).doubleValue();
        Costs c = costs;
        costs = new Costs(c.alertUsd(), c.standardUsd(), pages * perPage / accounts, perPage);
        payerCoverage = accounts;
    }

    /**
     * Re-plans from the measured per-pull costs of {@code outcomes} (runs that reached the account; failed and
     * unobservable runs say nothing about what a pull costs) and the activity {@code mix}.
     *
     * @param fleetEstimate the fleet's size as this instance can tell it ({@link Ownership#fleetEstimate}): the
     *     budget floor is the fleet's, so each of several instances takes its share, not the whole floor
     */
    public synchronized Plan replan(List<AccountOutcome> outcomes, Mix mix, int fleetEstimate) {
        long n = 0;
        int fleet = Math.max(Math.max(payerCoverage, fleetEstimate), (int)
                outcomes.stream().map(o -> o.run().account()).distinct().count());
        double alertUsd = 0;
        double standardUsd = 0;
        double perMetric = pricer.perCall(Apis.GET_METRIC_DATA, 1).doubleValue();
        for (AccountOutcome o : outcomes) {
            if (o.run().status() != RunStatus.OK && o.run().status() != RunStatus.PARTIAL) {
                continue;
            }
            n++;
            standardUsd += o.standardMetrics() * perMetric;
            alertUsd += o.alertMetrics() * perMetric + otherCalls(o);
        }
        if (n > 0) {
            Costs c = costs;
            costs = new Costs(alertUsd / n, standardUsd / n, c.costPullUsd(), c.naiveCostPullUsd());
        }
        plan = BudgetPlanner.plan(schedule, costs, mix, fleet);
        return plan;
    }

    /** Everything but GetMetricData (split by class from the metric counts) counts as alert-class spend. */
    private static double otherCalls(AccountOutcome o) {
        double other = 0;
        for (ApiUsage u : o.run().usage()) {
            // calls == 0: the payer pull's shared spend, planned through costPulled instead
            if (u.calls() > 0 && !u.operation().equals(Apis.GET_METRIC_DATA.operation())) {
                other += u.cost().amount().doubleValue();
            }
        }
        return other;
    }
}
