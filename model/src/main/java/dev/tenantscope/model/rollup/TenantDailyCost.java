package dev.tenantscope.model.rollup;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.Validate;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostBasis;
import dev.tenantscope.model.events.CostLine;
import java.time.LocalDate;

/**
 * One tenant's cost of one account, day, service, record type and category, under every cost basis, as it stands
 * now. A later record with the same {@link #key()} and a higher version replaces this one; after re-attribution
 * the old tenant's row is emitted with amounts zero.
 *
 * @param recordType Cost Explorer's RECORD_TYPE of the lines summed here (Usage, Credit, Tax, …)
 * @param baselineComponent which baseline rule matched ("security", "collector-api", …), "" for the other categories
 * @param estimated whether any contributing line is still Cost Explorer-estimated
 */
public record TenantDailyCost(
        TenantId tenant,
        AccountId account,
        LocalDate day,
        String service,
        String recordType,
        CostCategory category,
        String baselineComponent,
        CostAmounts amounts,
        boolean estimated,
        long version) {

    public TenantDailyCost {
        Validate.notNull("tenant", tenant);
        Validate.notNull("account", account);
        Validate.notNull("day", day);
        Validate.notBlank("service", service);
        recordType = Validate.maxLength("recordType", Validate.notBlank("recordType", recordType), 64);
        Validate.notNull("category", category);
        baselineComponent =
                baselineComponent == null ? "" : Validate.maxLength("baselineComponent", baselineComponent, 128);
        Validate.notNull("amounts", amounts);
        Validate.notNegative("version", version);
    }

    /** Reads this version's rows, and rows written before record types and bases (a single {@code amount}). */
    @JsonCreator
    static TenantDailyCost fromJson(
            @JsonProperty("tenant") TenantId tenant,
            @JsonProperty("account") AccountId account,
            @JsonProperty("day") LocalDate day,
            @JsonProperty("service") String service,
            @JsonProperty("recordType") String recordType,
            @JsonProperty("category") CostCategory category,
            @JsonProperty("baselineComponent") String baselineComponent,
            @JsonProperty("amounts") CostAmounts amounts,
            @JsonProperty("amount") Money legacyAmount,
            @JsonProperty("estimated") boolean estimated,
            @JsonProperty("version") long version) {
        CostAmounts a = amounts != null || legacyAmount == null ? amounts : CostAmounts.same(legacyAmount);
        return new TenantDailyCost(
                tenant,
                account,
                day,
                service,
                recordType == null ? CostLine.USAGE : recordType,
                category,
                baselineComponent,
                a,
                estimated,
                version);
    }

    /** The unblended amount: what the invoice shows. */
    @JsonIgnore
    public Money amount() {
        return amounts.unblended();
    }

    public Money amount(CostBasis basis) {
        return amounts.of(basis);
    }

    public String key() {
        return tenant.value() + "|" + account.value() + "|" + day + "|" + service + "|" + recordType + "|"
                + category.sqlName() + "|" + baselineComponent + "|" + amounts.currency();
    }
}
