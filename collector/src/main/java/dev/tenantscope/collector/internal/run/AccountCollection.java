package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.internal.pull.Sink;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.ApiUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Collects one account now; the {@link Dispatcher} decides when, how many at once and until when. */
@FunctionalInterface
public interface AccountCollection {
    /**
     * Never throws for the account's own failures: they are in the outcome.
     *
     * @param due the signal classes to pull now
     * @param lookback how far back the window reaches (the longest due interval); the overlap is added
     * @param shared API spend of fleet-wide calls (payer cost pulls) attributed to this account
     * @param deadline wall-clock instant after which no call is attempted for this account
     */
    AccountOutcome collect(
            AccountRegistration reg,
            Set<Signal> due,
            Duration lookback,
            List<ApiUsage> shared,
            Instant deadline,
            Sink sink);
}
