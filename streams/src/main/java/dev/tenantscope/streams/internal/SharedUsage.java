package dev.tenantscope.streams.internal;

import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.math.BigDecimal;

/**
 * A value of the shared-cost usage store: a workload line's latest amount and the tenant it was charged to, or a
 * tenant's workload total of a day.
 */
public record SharedUsage(TenantId tenant, BigDecimal amount) {
    public SharedUsage {
        Validate.notNull("tenant", tenant);
        Validate.notNull("amount", amount);
    }
}
