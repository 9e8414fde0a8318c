package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.SweepReport;
import dev.tenantscope.collector.internal.aws.Pricer;
import dev.tenantscope.collector.internal.aws.RunLedger;
import dev.tenantscope.collector.internal.run.BudgetPlanner.Plan;
import dev.tenantscope.model.events.ApiUsage;
import dev.tenantscope.model.events.CollectorRun;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sums a sweep into a {@link SweepReport}: the account runs plus the calls made for the fleet (discovery, payer
 * cost) since the previous report. Fleet calls are counted once here; the payer share inside each run has no
 * calls of its own and is not counted again.
 */
public final class SweepReporter {
    private final Pricer pricer;
    private final AtomicReference<RunLedger> fleetCalls = new AtomicReference<>(new RunLedger());

    public SweepReporter(Pricer pricer) {
        this.pricer = pricer;
    }

    /** Calls made for the whole fleet rather than one account; they go into the next report. */
    public void fleetCalls(RunLedger ledger) {
        fleetCalls.get().addAll(ledger);
    }

    /** Reports the sweep and starts counting fleet calls afresh. */
    public SweepReport report(List<AccountOutcome> outcomes, long costLines, Duration took, Plan plan) {
        return report(outcomes, costLines, took, plan, Map.of());
    }

    /** @param activity each collected account's activity state after the sweep, by account id */
    public SweepReport report(
            List<AccountOutcome> outcomes, long costLines, Duration took, Plan plan, Map<String, String> activity) {
        Totals t = new Totals();
        t.add(fleetCalls.getAndSet(new RunLedger()));
        t.records = costLines;
        outcomes.forEach(t::add);
        return new SweepReport(
                outcomes.size(),
                t.status,
                t.reasons,
                t.records,
                costLines,
                t.calls,
                t.units,
                t.throttles,
                t.spend,
                took,
                Duration.ofMillis(t.maxMs),
                plan.toString(),
                plan.usdPerAccountMonth(),
                plan.naiveUsdPerAccountMonth(),
                plan.alert(),
                activity);
    }

    private final class Totals {
        final Map<String, String> status = new TreeMap<>();
        final Map<String, String> reasons = new TreeMap<>();
        final Map<String, Long> calls = new TreeMap<>();
        final Map<String, Long> units = new TreeMap<>();
        long records;
        long throttles;
        long maxMs;
        BigDecimal spend = BigDecimal.ZERO;

        void add(RunLedger fleet) {
            fleet.snapshot().forEach((api, c) -> {
                calls.merge(api.key(), c[0], Long::sum);
                units.merge(api.key(), c[1], Long::sum);
            });
            throttles += fleet.throttles();
            spend = spend.add(RunLedger.total(fleet.usage(pricer)).amount());
        }

        void add(AccountOutcome o) {
            CollectorRun run = o.run();
            status.put(run.account().value(), run.status().name());
            if (!run.reason().isEmpty()) {
                reasons.put(run.account().value(), run.reason());
            }
            records += o.records() + 1; // + the run record itself
            throttles += run.throttles();
            maxMs = Math.max(maxMs, run.durationMs());
            for (ApiUsage u : run.usage()) {
                if (u.calls() > 0 || u.billableUnits() > 0) {
                    String key = u.service() + ":" + u.operation();
                    calls.merge(key, u.calls(), Long::sum);
                    units.merge(key, u.billableUnits(), Long::sum);
                    spend = spend.add(u.cost().amount());
                }
            }
        }
    }
}
