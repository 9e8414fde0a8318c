package dev.tenantscope.collector.internal.run;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.AccountStatus;
import dev.tenantscope.model.events.ApiUsage;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.RunStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Accounts, runs and outcomes for unit tests of the run parts. */
final class Runs {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private Runs() {}

    static AccountId account(int n) {
        return AccountId.of(String.format("1000000000%02d", n));
    }

    static AccountRegistration registration(int n) {
        return new AccountRegistration(
                account(n),
                TenantId.of("tenant-" + n),
                "account " + n,
                "standard",
                "prod",
                AccountStatus.ACTIVE,
                List.of("us-east-1"),
                T0.minusSeconds(86_400));
    }

    static ApiUsage usage(String service, String operation, long calls, long units, String usd) {
        return new ApiUsage(service, operation, calls, units, "requests", Money.usd(new BigDecimal(usd)));
    }

    static CollectorRun run(
            AccountId account, RunStatus status, long durationMs, long throttles, String reason, List<ApiUsage> usage) {
        Money spend = Money.zero(Money.USD);
        for (ApiUsage u : usage) {
            spend = spend.plus(u.cost());
        }
        long calls = usage.stream().mapToLong(ApiUsage::calls).sum();
        return new CollectorRun(
                account, "test-collector", T0, durationMs, status, reason, calls, throttles, Map.of(), usage, spend);
    }

    static AccountOutcome outcome(CollectorRun run, int records, int alertMetrics, int standardMetrics) {
        return new AccountOutcome(run, List.of(), true, false, records, alertMetrics, standardMetrics);
    }

    static AccountOutcome ok(AccountId account, boolean active, boolean hot) {
        return new AccountOutcome(run(account, RunStatus.OK, 1, 0, "", List.of()), List.of(), active, hot, 0, 0, 0);
    }
}
