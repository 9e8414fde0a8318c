package dev.tenantscope.model.rollup;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import java.time.LocalDate;

/**
 * One tenant's cost of one account, day, service and category, as it stands now. A later record with the same
 * {@link #key()} and a higher version replaces this one; after re-attribution the old tenant's row is emitted
 * with amount zero.
 *
 * @param baselineComponent which baseline rule matched ("security", "collector-api", …), "" for workload
 * @param estimated whether any contributing line is still Cost Explorer-estimated
 */
public record TenantDailyCost(
        TenantId tenant,
        AccountId account,
        LocalDate day,
        String service,
        CostCategory category,
        String baselineComponent,
        Money amount,
        boolean estimated,
        long version) {

    public TenantDailyCost {
        Validate.notNull("tenant", tenant);
        Validate.notNull("account", account);
        Validate.notNull("day", day);
        Validate.notBlank("service", service);
        Validate.notNull("category", category);
        baselineComponent =
                baselineComponent == null ? "" : Validate.maxLength("baselineComponent", baselineComponent, 128);
        Validate.notNull("amount", amount);
        Validate.notNegative("version", version);
    }

    public String key() {
        return tenant.value() + "|" + account.value() + "|" + day + "|" + service + "|" + category.sqlName() + "|"
                + baselineComponent + "|" + amount.currency();
    }
}
