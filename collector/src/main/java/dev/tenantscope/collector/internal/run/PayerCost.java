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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The payer cost pull: one paginated Cost Explorer call chain through the management account for all the
 * accounts this instance owns. What it cost is shared evenly among them and attributed to each account's next
 * run, so the pull shows up in every tenant's baseline overhead.
 */
public final class PayerCost {
    private final CollectorConfig config;
    private final CostPuller puller;
    private final PayerAccess payer;
    private final Pricer pricer;
    private final Clocks clocks;
    private final Map<AccountId, BigDecimal> unattributed = new ConcurrentHashMap<>();

    /**
     * What one pull did.
     *
     * @param ledger the pull's metered calls (fleet calls: reported once, not per account)
     * @param pages Cost Explorer pages read
     * @param accounts owned accounts the pull covered
     */
    public record Pulled(int lines, RunLedger ledger, long pages, int accounts) {
        static final Pulled NOTHING = new Pulled(0, new RunLedger(), 0, 0);
    }

    PayerCost(CollectorConfig config, CostPuller puller, PayerAccess payer, Pricer pricer, Clocks clocks) {
        this.config = config;
        this.puller = puller;
        this.payer = payer;
        this.pricer = pricer;
        this.clocks = clocks;
    }

    /** Pulls cost for {@code owned} (nothing when cost is off: {@code payer} null) and writes changed days to {@code sink}. */
    public Pulled pull(List<AccountRegistration> owned, Sink sink) {
        if (payer == null || owned.isEmpty()) {
            return Pulled.NOTHING;
        }
        Set<AccountId> ids = owned.stream().map(AccountRegistration::account).collect(Collectors.toSet());
        RunLedger ledger = new RunLedger();
        Instant deadline = clocks.wall().instant().plus(config.limits().accountTimeout());
        // Cost Explorer has one endpoint, in us-east-1
        Target t = new Target(payer.account(), "us-east-1", payer.credentials(ledger, deadline), ledger, deadline);
        LocalDate today = LocalDate.ofInstant(clocks.data().instant(), ZoneOffset.UTC);
        int lines = puller.pull(t, today, clocks.data().instant(), ids::contains, sink);
        BigDecimal spend = RunLedger.total(ledger.usage(pricer)).amount();
        BigDecimal share = spend.divide(BigDecimal.valueOf(ids.size()), MathContext.DECIMAL64);
        ids.forEach(id -> unattributed.merge(id, share, BigDecimal::add));
        return new Pulled(lines, ledger, ledger.calls(Apis.GET_COST_AND_USAGE), ids.size());
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
}
