package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.Pricer;
import dev.tenantscope.collector.internal.aws.RunLedger;
import dev.tenantscope.collector.internal.aws.Target;
import dev.tenantscope.collector.internal.pull.CostPuller;
import dev.tenantscope.collector.internal.pull.Sink;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.ApiUsage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payer cost pull for the whole organisation, run by the one elected instance (see {@link Engine}): one
 * paginated Cost Explorer call chain through the management account, and the history backfill
 * ({@link CostBackfill}) one paced step at a time. A pull stopped by a failed page is resumed at that page by the
 * next call. What it cost is shared evenly among the accounts this instance collects and
 * attributed to each account's next run, so the pull shows up in tenants' baseline overhead.
 */
public final class PayerCost {
    private static final Logger LOG = LoggerFactory.getLogger(PayerCost.class);
    private final CollectorConfig config;
    private final CostPuller puller;
    private final PayerAccess payer;
    private final Supplier<Collection<AccountId>> fleet;
    private final BooleanSupplier everPulled;
    private final DoubleSupplier planned;
    private final CostBackfill backfill;
    private CostPuller.Scope lastRegular; // guarded by running
    private long regularPages; // pages of lastRegular over all its attempts; guarded by running
    private LocalDate lastMonthToDate; // data day of the last regular pull that reached the 1st; guarded by running
    private final Pricer pricer;
    private final Clocks clocks;
    private final ReentrantLock running = new ReentrantLock();
    private final Map<AccountId, BigDecimal> unattributed = new ConcurrentHashMap<>();

    /**
     * What one pull did.
     *
     * @param ledger the pull's metered calls (fleet calls: reported once, not per account)
     * @param pages Cost Explorer pages read, backfill included
     * @param regularPages pages of the regular window over all its attempts, once it completed in this call (0
     *     otherwise): what the planner prices a regular pull at — backfill is paced apart, within the headroom
     * @param accounts accounts the pull covered (when it completed)
     * @param completed false when a page failed: the pull is pending, the next call resumes it
     */
    public record Pulled(int lines, RunLedger ledger, long pages, long regularPages, int accounts, boolean completed) {
        static final Pulled NOTHING = new Pulled(0, new RunLedger(), 0, 0, 0, true);
    }

    /**
     * @param fleet the registered accounts of the whole fleet (read from the accounts topic)
     * @param everPulled whether any cost pull of this installation ever completed (the cost-pulls topic)
     * @param planned the current plan's spend per account-month (backfill paces within the budget's headroom)
     */
    PayerCost(
            CollectorConfig config,
            CostPuller puller,
            PayerAccess payer,
            Supplier<Collection<AccountId>> fleet,
            BooleanSupplier everPulled,
            DoubleSupplier planned,
            CostBackfill backfill,
            Pricer pricer,
            Clocks clocks) {
        this.config = config;
        this.puller = puller;
        this.payer = payer;
        this.fleet = fleet;
        this.everPulled = everPulled;
        this.planned = planned;
        this.backfill = backfill;
        this.pricer = pricer;
        this.clocks = clocks;
    }

    /** Cost is on, and a pull stopped at a failed page or a backfill step is due. */
    boolean pending() {
        return payer != null && (puller.pending() || backfill.due(clocks.data().instant()));
    }

    /**
     * Pulls (or resumes) the organisation's regular window when {@code regular}, or when it stopped at a failed
     * page; then one backfill step when one is due. Writes to {@code sink}; the spend is shared among
     * {@code owned}. Nothing when cost is off or a pull is already running.
     */
    public Pulled pull(List<AccountRegistration> owned, Sink sink, boolean regular) {
        if (payer == null || !running.tryLock()) {
            return Pulled.NOTHING;
        }
        try {
            RunLedger ledger = new RunLedger();
            Instant deadline = clocks.wall().instant().plus(config.limits().accountTimeout());
            // Cost Explorer has one endpoint, in us-east-1
            Target t = new Target(payer.account(), "us-east-1", payer.credentials(ledger, deadline), ledger, deadline);
            Instant now = clocks.data().instant();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            Collection<AccountId> accounts = fleet.get();
            long lines = 0;
            long regularCompleted = 0;
            int covered = 0;
            boolean completed = true;
            try {
                // before the regular pull: whether any pull ever completed decides a first start's backfill
                // the backfill ends where a month-to-date regular pull begins (a first start's first pull is one)
                backfill.plan(today, puller.regular(today, true).from(), accounts, everPulled);
                CostPuller.Scope step = backfill.next(now);
                boolean stepPending = step != null && puller.pending(step);
                if (stepPending) { // pages already paid for first: a re-pulled window must not starve it
                    lines += backfillStep(t, step, now, accounts, ledger, sink);
                }
                if (regular || (lastRegular != null && puller.pending(lastRegular))) {
                    if (lastRegular == null || !puller.pending(lastRegular)) {
                        boolean monthToDate = puller.monthToDateDue(today, lastMonthToDate);
                        lastRegular = puller.regular(today, monthToDate);
                        regularPages = 0;
                    }
                    long before = pages(ledger);
                    try {
                        CostPuller.Result r = puller.pull(t, lastRegular, now, accounts, sink);
                        lines += r.lines();
                        covered = r.accounts();
                    } finally {
                        regularPages += pages(ledger) - before;
                    }
                    regularCompleted = regularPages;
                    LocalDate pulledOn = lastRegular.until().minusDays(1);
                    if (!lastRegular.from().isAfter(pulledOn.withDayOfMonth(1))) {
                        lastMonthToDate = pulledOn;
                    }
                }
                if (step != null && !stepPending) {
                    lines += backfillStep(t, step, now, accounts, ledger, sink);
                }
            } catch (RuntimeException e) {
                completed = false;
                LOG.warn(
                        "payer cost pull stopped at a page ({} Cost Explorer requests this attempt); it resumes there:"
                                + " {}",
                        pages(ledger),
                        e.toString());
            }
            share(ledger, owned);
            return new Pulled((int) lines, ledger, pages(ledger), regularCompleted, covered, completed);
        } finally {
            running.unlock();
        }
    }

    private long backfillStep(
            Target t, CostPuller.Scope step, Instant now, Collection<AccountId> accounts, RunLedger ledger, Sink sink) {
        BigDecimal before = spend(ledger);
        long lines = puller.pull(t, step, now, step.account() == null ? accounts : List.of(), sink)
                .lines();
        backfill.completed(step, spend(ledger).subtract(before), now, accounts.size(), planned.getAsDouble());
        return lines;
    }

    private BigDecimal spend(RunLedger ledger) {
        return RunLedger.total(ledger.usage(pricer)).amount();
    }

    /** Cost Explorer requests of a ledger: each page is billed. */
    private static long pages(RunLedger ledger) {
        return ledger.calls(Apis.GET_COST_AND_USAGE) + ledger.calls(Apis.GET_DIMENSION_VALUES);
    }

    private void share(RunLedger ledger, List<AccountRegistration> owned) {
        if (owned.isEmpty()) {
            return;
        }
        BigDecimal spend = spend(ledger);
        BigDecimal share = spend.divide(BigDecimal.valueOf(owned.size()), MathContext.DECIMAL64);
        owned.forEach(reg -> unattributed.merge(reg.account(), share, BigDecimal::add));
    }

    /**
     * The account's share of payer pulls not yet attributed to one of its runs, as a usage line with no calls
     * of its own (the calls are the fleet's); empty when there is none. Taking it clears it.
     */
    public List<ApiUsage> takeShare(AccountId account) {
        BigDecimal share = unattributed.remove(account);
        if (share == null) {
            return List.of();
        }
        return List.of(new ApiUsage(
                Apis.GET_COST_AND_USAGE.service(),
                Apis.GET_COST_AND_USAGE.operation(),
                0,
                0,
                "pages (payer share)",
                Money.usd(share)));
    }

    static Duration retryAfter() {
        return Duration.ofSeconds(30);
    }
}
