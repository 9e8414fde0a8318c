package dev.tenantscope.model.rollup;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.time.Instant;

/**
 * An alert's state after a transition (opened, escalated, closed), with the evidence behind it.
 *
 * @param alertId stable across the alert's life: the same id opens, updates and closes it
 * @param account the account for quota alerts, "" for tenant-level alerts
 * @param subject what the alert is about: the quota ("L-1216C47A us-east-1") or the signal ("AWS/Lambda Errors")
 * @param expectedLow the expected range (noisy: EWMA ± k·σ); NaN-free, 0 when not applicable
 * @param cohortPercentile where the value stands among the tenant's tier cohort (0–1), -1 when not applicable
 * @param threshold the utilisation threshold crossed (quota), or the deviation multiple k (noisy)
 * @param forecastExhaustionAt when a linear trend reaches the quota, null when no exhaustion is forecast
 * @param evidence a one-line human explanation with the numbers
 */
public record Alert(
        String alertId,
        AlertKind kind,
        TenantId tenant,
        String account,
        String subject,
        Severity severity,
        AlertState state,
        Instant openedAt,
        Instant updatedAt,
        Instant closedAt,
        double value,
        double expectedLow,
        double expectedHigh,
        double cohortPercentile,
        double threshold,
        Instant forecastExhaustionAt,
        String evidence,
        long version) {

    public enum AlertKind {
        NOISY,
        QUOTA,
        COST
    }

    public enum Severity {
        WARN,
        CRITICAL
    }

    public enum AlertState {
        OPEN,
        CLOSED
    }

    public Alert {
        Validate.notBlank("alertId", alertId);
        Validate.notNull("kind", kind);
        Validate.notNull("tenant", tenant);
        account = account == null ? "" : account;
        Validate.notBlank("subject", subject);
        Validate.notNull("severity", severity);
        Validate.notNull("state", state);
        Validate.notNull("openedAt", openedAt);
        Validate.notNull("updatedAt", updatedAt);
        if (state == AlertState.CLOSED && closedAt == null) {
            throw new IllegalArgumentException("closedAt: required when state is CLOSED, got null");
        }
        Validate.finite("value", value);
        Validate.finite("expectedLow", expectedLow);
        Validate.finite("expectedHigh", expectedHigh);
        Validate.finite("cohortPercentile", cohortPercentile);
        Validate.finite("threshold", threshold);
        evidence = evidence == null ? "" : Validate.maxLength("evidence", evidence, 4096);
        Validate.notNegative("version", version);
    }
}
