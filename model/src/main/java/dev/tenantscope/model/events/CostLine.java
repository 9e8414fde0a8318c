package dev.tenantscope.model.events;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.Validate;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One day of one account's cost for one service (and usage type, when grouped by it), as Cost Explorer reported
 * it at {@code retrievedAt}. Cost is upserted, never appended: a later line with the same {@link #key()}
 * replaces the earlier one.
 *
 * @param usageType the usage type, or "" when the pull was not grouped by it
 * @param estimated Cost Explorer's Estimated flag: the value may still be restated
 */
public record CostLine(
        AccountId account,
        LocalDate day,
        String service,
        String usageType,
        Money amount,
        boolean estimated,
        Instant retrievedAt) {

    public CostLine {
        Validate.notNull("account", account);
        Validate.notNull("day", day);
        Validate.notBlank("service", service);
        Validate.maxLength("service", service, 256);
        usageType = usageType == null ? "" : Validate.maxLength("usageType", usageType, 256);
        Validate.notNull("amount", amount);
        Validate.notNull("retrievedAt", retrievedAt);
    }

    /** The upsert key: account, day, service and usage type. */
    public String key() {
        return account.value() + "|" + day + "|" + service + "|" + usageType;
    }
}
