package dev.tenantscope.model.rollup;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/** Per tenant and account per day: total = workload + baseline, and the baseline share of the total. */
public record TenantDaySummary(
        TenantId tenant, AccountId account, LocalDate day, Money total, Money workload, Money baseline, long version) {

    public TenantDaySummary {
        Validate.notNull("tenant", tenant);
        Validate.notNull("account", account);
        Validate.notNull("day", day);
        Validate.notNull("workload", workload);
        Validate.notNull("baseline", baseline);
        Validate.notNull("total", total);
        if (total.amount().compareTo(workload.amount().add(baseline.amount())) != 0) {
            throw new IllegalArgumentException(
                    "total: expected workload + baseline = " + workload.plus(baseline) + ", got " + total);
        }
        Validate.notNegative("version", version);
    }

    /** Baseline as a fraction of the total (0 when the total is zero), to 6 decimals. */
    public BigDecimal baselineShare() {
        return total.isZero() ? BigDecimal.ZERO : baseline.amount().divide(total.amount(), 6, RoundingMode.HALF_EVEN);
    }

    public String key() {
        return tenant.value() + "|" + account.value() + "|" + day;
    }
}
