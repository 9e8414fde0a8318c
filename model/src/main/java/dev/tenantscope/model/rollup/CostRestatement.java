package dev.tenantscope.model.rollup;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/** A change to a closed month: the current value of a daily cost row against the value frozen at close. */
public record CostRestatement(
        TenantId tenant,
        AccountId account,
        YearMonth month,
        LocalDate day,
        String service,
        CostCategory category,
        long frozenVersion,
        Money frozenAmount,
        Money currentAmount,
        Instant detectedAt,
        long version) {

    public CostRestatement {
        Validate.notNull("tenant", tenant);
        Validate.notNull("account", account);
        Validate.notNull("month", month);
        Validate.notNull("day", day);
        Validate.notBlank("service", service);
        Validate.notNull("category", category);
        Validate.notNull("frozenAmount", frozenAmount);
        Validate.notNull("currentAmount", currentAmount);
        if (!frozenAmount.currency().equals(currentAmount.currency())) {
            throw new IllegalArgumentException("currentAmount: expected currency " + frozenAmount.currency()
                    + " like frozenAmount, got " + currentAmount.currency());
        }
        Validate.notNull("detectedAt", detectedAt);
        Validate.notNegative("version", version);
    }

    /** current − frozen. */
    public Money delta() {
        return currentAmount.minus(frozenAmount);
    }

    public String key() {
        return tenant.value() + "|" + account.value() + "|" + day + "|" + service + "|" + category.sqlName();
    }
}
