package dev.tenantscope.fleetsim;

import dev.tenantscope.model.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Exact (6-decimal) cost of a tenant over a day or month, split into workload and baseline. */
public record TenantCost(
        TenantId tenant, BigDecimal workload, BigDecimal baseline, BigDecimal total, boolean estimated) {

    /** baseline / total, 6 decimals; zero when total is zero. */
    public BigDecimal baselineShare() {
        return total.signum() == 0 ? BigDecimal.ZERO : baseline.divide(total, 6, RoundingMode.HALF_EVEN);
    }

    public BigDecimal totalCents() {
        return total.setScale(2, RoundingMode.HALF_EVEN);
    }
}
