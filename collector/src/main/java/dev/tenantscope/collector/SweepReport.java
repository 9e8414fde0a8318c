package dev.tenantscope.collector;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * What one sweep did and what it cost.
 *
 * @param statusByAccount run status per account collected (OK, PARTIAL, UNOBSERVABLE, FAILED)
 * @param reasonByAccount why each non-OK account was not OK
 * @param callsByApi metered calls by {@code service:Operation}, every attempt counted
 * @param unitsByApi billable units by {@code service:Operation} (metrics requested, pages, bytes scanned)
 * @param apiSpendUsd priced spend of this sweep's calls
 * @param maxAccountDuration the slowest account's run: a bound on how stale its data is when written
 * @param plan the budget plan in force after this sweep (intervals, projected and naive spend)
 * @param activityByAccount what each collected account counts as after the sweep (HOT, ACTIVE, IDLE): what its
 *     next pulls will be planned for
 */
public record SweepReport(
        int accounts,
        Map<String, String> statusByAccount,
        Map<String, String> reasonByAccount,
        long records,
        long costLines,
        Map<String, Long> callsByApi,
        Map<String, Long> unitsByApi,
        long throttles,
        BigDecimal apiSpendUsd,
        Duration duration,
        Duration maxAccountDuration,
        String plan,
        double projectedUsdPerAccountMonth,
        double naiveUsdPerAccountMonth,
        Duration alertInterval,
        Map<String, String> activityByAccount) {

    public SweepReport {
        activityByAccount = activityByAccount == null ? Map.of() : Map.copyOf(activityByAccount);
    }

    public long count(String status) {
        return statusByAccount.values().stream().filter(status::equals).count();
    }

    public long calls(String api) {
        return callsByApi.getOrDefault(api, 0L);
    }

    /** Worst-case age of an active account's alert signals: the planned interval plus the slowest collection. */
    public Duration alertFreshness() {
        return alertInterval.plus(maxAccountDuration);
    }
}
