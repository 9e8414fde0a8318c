package dev.tenantscope.model.rollup;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.time.Instant;

/** Utilisation of one quota in one account at one time, attributed to the account's tenant. */
public record QuotaUsage(
        AccountId account,
        TenantId tenant,
        String region,
        String serviceCode,
        String quotaCode,
        String quotaName,
        double quotaValue,
        double usage,
        double utilisation,
        Instant ts,
        long version) {

    public QuotaUsage {
        Validate.notNull("account", account);
        Validate.notNull("tenant", tenant);
        Validate.notBlank("region", region);
        Validate.notBlank("serviceCode", serviceCode);
        Validate.notBlank("quotaCode", quotaCode);
        quotaName = quotaName == null ? "" : quotaName;
        Validate.finite("quotaValue", quotaValue);
        Validate.finite("usage", usage);
        Validate.finite("utilisation", utilisation);
        Validate.notNull("ts", ts);
        Validate.notNegative("version", version);
    }

    public String key() {
        return account.value() + "|" + region + "|" + serviceCode + "|" + quotaCode;
    }
}
