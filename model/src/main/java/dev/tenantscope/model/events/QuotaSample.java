package dev.tenantscope.model.events;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Validate;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A Service Quotas value and, when the quota has an AWS/Usage metric, the usage measured against it.
 *
 * @param usage the usage, or null when the quota has no usage metric
 */
public record QuotaSample(
        AccountId account,
        String region,
        String serviceCode,
        String quotaCode,
        String quotaName,
        double quotaValue,
        Double usage,
        Instant timestamp) {

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
    }

    /** Usage as a fraction of the quota (0.8 = 80 %), when both are known and the quota is positive. */
    public OptionalDouble utilisation() {
        return usage == null || quotaValue <= 0 ? OptionalDouble.empty() : OptionalDouble.of(usage / quotaValue);
    }
}
