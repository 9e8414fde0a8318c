package dev.tenantscope.model.events;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.Validate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One account's collection in one sweep: what happened and what observing the account cost us.
 *
 * @param reason why the run was not OK (e.g. "AccessDenied: role deleted"), "" when OK
 * @param errorsByClass error counts by class (AccessDenied, Throttling, ServerError, ExpiredToken, …)
 * @param apiSpend the sum of {@code usage} costs: part of the account's baseline overhead
 * @param coverage per signal and region, what this run's pulls covered and up to when their data is settled;
 *     empty when nothing was pulled (or from collectors older than the field)
 * @param logGroupsCovered per region, how many log groups the log error counts covered (every group matching the
 *     prefixes, unless the run says why not); empty when no logs were pulled (or from older collectors)
 */
public record CollectorRun(
        AccountId account,
        String collectorId,
        Instant startedAt,
        long durationMs,
        RunStatus status,
        String reason,
        long calls,
        long throttles,
        Map<String, Long> errorsByClass,
        List<ApiUsage> usage,
        Money apiSpend,
        List<Coverage> coverage,
        Map<String, Integer> logGroupsCovered) {

    public CollectorRun {
        Validate.notNull("account", account);
        Validate.notBlank("collectorId", collectorId);
        Validate.notNull("startedAt", startedAt);
        Validate.notNegative("durationMs", durationMs);
        Validate.notNull("status", status);
        reason = reason == null ? "" : Validate.maxLength("reason", reason, 2048);
        Validate.notNegative("calls", calls);
        Validate.notNegative("throttles", throttles);
        errorsByClass =
                errorsByClass == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(errorsByClass));
        usage = usage == null ? List.of() : List.copyOf(usage);
        Validate.notNull("apiSpend", apiSpend);
        coverage = coverage == null ? List.of() : List.copyOf(coverage);
        logGroupsCovered = logGroupsCovered == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(logGroupsCovered));
    }

    /** A run that reports no log group counts. */
    public CollectorRun(
            AccountId account,
            String collectorId,
            Instant startedAt,
            long durationMs,
            RunStatus status,
            String reason,
            long calls,
            long throttles,
            Map<String, Long> errorsByClass,
            List<ApiUsage> usage,
            Money apiSpend,
            List<Coverage> coverage) {
        this(
                account,
                collectorId,
                startedAt,
                durationMs,
                status,
                reason,
                calls,
                throttles,
                errorsByClass,
                usage,
                apiSpend,
                coverage,
                Map.of());
    }

    /** A run that covered nothing (no pull succeeded, or a caller that does not report coverage). */
    public CollectorRun(
            AccountId account,
            String collectorId,
            Instant startedAt,
            long durationMs,
            RunStatus status,
            String reason,
            long calls,
            long throttles,
            Map<String, Long> errorsByClass,
            List<ApiUsage> usage,
            Money apiSpend) {
        this(
                account,
                collectorId,
                startedAt,
                durationMs,
                status,
                reason,
                calls,
                throttles,
                errorsByClass,
                usage,
                apiSpend,
                List.of());
    }

    public long errors() {
        return errorsByClass.values().stream().mapToLong(Long::longValue).sum();
    }
}
