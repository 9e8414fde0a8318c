package dev.tenantscope.model.events;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Validate;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A Service Quotas value and, when the quota has an AWS/Usage metric, the usage measured against it.
 *
 * @param usage the usage, or null when the quota has no usage metric
 * @param periodSeconds for a rate quota (a Service Quotas {@code Period}, e.g. calls per second), its length in
 *     seconds; null for a level quota (e.g. concurrent executions). Absent in samples written before it existed.
 */
public record QuotaSample(
        AccountId account,
        String region,
        String serviceCode,
        String quotaCode,
        String quotaName,
        double quotaValue,
        Double usage,
        Instant timestamp,
        Double periodSeconds) {

    /** A level quota (no period). */
    public QuotaSample(
            AccountId account,
            String region,
            String serviceCode,
            String quotaCode,
            String quotaName,
            double quotaValue,
            Double usage,
            Instant timestamp) {
        this(account, region, serviceCode, quotaCode, quotaName, quotaValue, usage, timestamp, null);
    }

    public QuotaSample {
        Validate.notNull("account", account);
        Validate.notBlank("region", region);
        Validate.notBlank("serviceCode", serviceCode);
        Validate.notBlank("quotaCode", quotaCode);
        quotaName = quotaName == null ? "" : quotaName;
        Validate.finite("quotaValue", quotaValue);
        if (usage != null) {
            Validate.finite("usage", usage);
        }
        Validate.notNull("timestamp", timestamp);
        if (periodSeconds != null) {
            Validate.finite("periodSeconds", periodSeconds);
        }
    }

    /**
     * Whether this is a rate quota (requests per period): its usage is a rate that rises and falls with traffic, not
     * a level that accumulates towards the quota.
     */
    public boolean rateQuota() {
        return periodSeconds != null && periodSeconds > 0;
    }

    /** Usage as a fraction of the quota (0.8 = 80 %), when both are known and the quota is positive. */
    public OptionalDouble utilisation() {
        return usage == null || quotaValue <= 0 ? OptionalDouble.empty() : OptionalDouble.of(usage / quotaValue);
    }
}
