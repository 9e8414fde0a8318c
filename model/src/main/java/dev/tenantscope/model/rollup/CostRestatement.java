package dev.tenantscope.model.rollup;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostBasis;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A change to a closed month: the current value of a daily cost row against the value frozen at close, under
 * every basis. A row that did not exist at close (a refund or credit that landed after the month was final) has
 * frozen amounts zero.
 */
public record CostRestatement(
        TenantId tenant,
        AccountId account,
        YearMonth month,
        LocalDate day,
        String service,
        String recordType,
        CostCategory category,
        long frozenVersion,
        CostAmounts frozen,
        CostAmounts current,
        Instant detectedAt,
        long version) {

    public CostRestatement {
        Validate.notNull("tenant", tenant);
        Validate.notNull("account", account);
        Validate.notNull("month", month);
        Validate.notNull("day", day);
        Validate.notBlank("service", service);
        Validate.notBlank("recordType", recordType);
        Validate.notNull("category", category);
        Validate.notNull("frozen", frozen);
        Validate.notNull("current", current);
        if (!frozen.currency().equals(current.currency())) {
            throw new IllegalArgumentException(
                    "current: expected currency " + frozen.currency() + " like frozen, got " + current.currency());
        }
        Validate.notNull("detectedAt", detectedAt);
        Validate.notNegative("version", version);
    }

    /** The frozen unblended amount. */
    @JsonIgnore
    public Money frozenAmount() {
        return frozen.unblended();
    }

    /** The current unblended amount. */
    @JsonIgnore
    public Money currentAmount() {
        return current.unblended();
    }

    /** current − frozen, unblended. */
    public Money delta() {
        return delta(CostBasis.UNBLENDED);
    }

    /** current − frozen under {@code basis}. */
    public Money delta(CostBasis basis) {
        return current.of(basis).minus(frozen.of(basis));
    }

    public String key() {
        return tenant.value() + "|" + account.value() + "|" + day + "|" + service + "|" + recordType + "|"
                + category.sqlName();
    }
}
