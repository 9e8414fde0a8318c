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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payer cost pull for the whole organisation, run by the one elected instance (see {@link Engine}): one
 * paginated Cost Explorer call chain through the management account. A pull stopped by a failed page is resumed
 * at that page by the next call. What it cost is shared evenly among the accounts this instance collects and
 * attributed to each account's next run, so the pull shows up in tenants' baseline overhead.
 */
public final class PayerCost {
    private static final Logger LOG = LoggerFactory.getLogger(PayerCost.class);
    private final CollectorConfig config;
    private final CostPuller puller;
    private final PayerAccess payer;
    private final Supplier<Collection<AccountId>> fleet;
    private final Pricer pricer;
    private final Clocks clocks;
    private final ReentrantLock running = new ReentrantLock();
    private final Map<AccountId, BigDecimal> unattributed = new ConcurrentHashMap<>();

    /**
     * What one pull did.
     *
     * @param ledger the pull's metered calls (fleet calls: reported once, not per account)
     * @param pages Cost Explorer pages read
     * @param accounts accounts the pull covered (when it completed)
     * @param completed false when a page failed: the pull is pending, the next call resumes it
     */
    public record Pulled(int lines, RunLedger ledger, long pages, int accounts, boolean completed) {
        static final Pulled NOTHING = new Pulled(0, new RunLedger(), 0, 0, true);
    }

    /** @param fleet the registered accounts of the whole fleet (read from the accounts topic) */
    PayerCost(
            CollectorConfig config,
            CostPuller puller,
            PayerAccess payer,
            Supplier<Collection<AccountId>> fleet,
            Pricer pricer,
            Clocks clocks) {
        this.config = config;
        this.puller = puller;
        this.payer = payer;
        this.fleet = fleet;
        this.pricer = pricer;
        this.clocks = clocks;
    }

    /** Cost is on and a pull stopped at a failed page. */
    boolean pending() {
        return payer != null && puller.pending();
    }

    /**
     * Pulls (or resumes) the organisation's cost and writes it to {@code sink}; its spend is shared among
     * {@code owned}. Nothing when cost is off or a pull is already running.
     */
    public Pulled pull(List<AccountRegistration> owned, Sink sink) {
        if (payer == null || !running.tryLock()) {
            return Pulled.NOTHING;
        }
        try {
            RunLedger ledger = new RunLedger();
            Instant deadline = clocks.wall().instant().plus(config.limits().accountTimeout());
            // Cost Explorer has one endpoint, in us-east-1
            Target t = new Target(payer.account(), "us-east-1", payer.credentials(ledger, deadline), ledger, deadline);
            LocalDate today = LocalDate.ofInstant(clocks.data().instant(), ZoneOffset.UTC);
            CostPuller.Result r;
            try {
                r = puller.pull(t, puller.regular(today), clocks.data().instant(), fleet.get(), sink);
            } catch (RuntimeException e) {
                long paid = pages(ledger);
                LOG.warn(
                        "payer cost pull stopped at a page ({} Cost Explorer calls this attempt); it resumes there: {}",
                        paid,
                        e.toString());
                r = new CostPuller.Result(false, paid, 0, 0);
            }
            share(ledger, owned);
            return new Pulled((int) r.lines(), ledger, pages(ledger), r.accounts(), r.completed());
        } finally {
            running.unlock();
        }
    }

    /** Cost Explorer requests of a ledger: each page is billed. */
    private static long pages(RunLedger ledger) {
        return ledger.calls(Apis.GET_COST_AND_USAGE) + ledger.calls(Apis.GET_DIMENSION_VALUES);
    }

    private void share(RunLedger ledger, List<AccountRegistration> owned) {
        if (owned.isEmpty()) {
            return;
        }
        BigDecimal spend = RunLedger.total(ledger.usage(pricer)).amount();
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
