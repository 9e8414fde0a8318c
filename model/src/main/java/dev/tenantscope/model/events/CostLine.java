package dev.tenantscope.model.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.Validate;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One day of one account's cost for one service and record type (and usage type, when grouped by it), under every
 * cost basis, as Cost Explorer reported it at {@code retrievedAt}. Cost is upserted, never appended: a later line
 * with the same {@link #key()} replaces the earlier one.
 *
 * @param usageType the usage type, or "" when the pull was not grouped by it
 * @param recordType Cost Explorer's RECORD_TYPE (Usage, Credit, Refund, Tax, SavingsPlanCoveredUsage, ...)
 * @param estimated Cost Explorer's Estimated flag: the value may still be restated
 */
public record CostLine(
        AccountId account,
        LocalDate day,
        String service,
        String usageType,
        String recordType,
        CostAmounts amounts,
        boolean estimated,
        Instant retrievedAt) {

    /** The record type of ordinary usage. */
    public static final String USAGE = "Usage";

    public CostLine {
        Validate.notNull("account", account);
        Validate.notNull("day", day);
        Validate.notBlank("service", service);
        Validate.maxLength("service", service, 256);
        usageType = usageType == null ? "" : Validate.maxLength("usageType", usageType, 256);
        recordType = Validate.maxLength("recordType", Validate.notBlank("recordType", recordType), 64);
        Validate.notNull("amounts", amounts);
        Validate.notNull("retrievedAt", retrievedAt);
    }

    /** A usage line whose amount is the same under every basis. */
    public CostLine(
            AccountId account,
            LocalDate day,
            String service,
            String usageType,
            Money amount,
            boolean estimated,
            Instant retrievedAt) {
        this(account, day, service, usageType, USAGE, CostAmounts.same(amount), estimated, retrievedAt);
    }

    /** Reads this version's fields, and lines written before record types and bases (a single {@code amount}). */
    @JsonCreator
    static CostLine fromJson(
            @JsonProperty("account") AccountId account,
            @JsonProperty("day") LocalDate day,
            @JsonProperty("service") String service,
            @JsonProperty("usageType") String usageType,
            @JsonProperty("recordType") String recordType,
            @JsonProperty("amounts") CostAmounts amounts,
            @JsonProperty("amount") Money legacyAmount,
            @JsonProperty("estimated") boolean estimated,
            @JsonProperty("retrievedAt") Instant retrievedAt) {
        CostAmounts a = amounts != null || legacyAmount == null ? amounts : CostAmounts.same(legacyAmount);
        return new CostLine(
                account, day, service, usageType, recordType == null ? USAGE : recordType, a, estimated, retrievedAt);
    }

    /** The unblended amount: what the invoice shows for this line. */
    @JsonIgnore
    public Money amount() {
        return amounts.unblended();
    }

    public Money amount(CostBasis basis) {
        return amounts.of(basis);
    }

    /** The upsert key: account, day, service, usage type and record type. */
    public String key() {
        return account.value() + "|" + day + "|" + service + "|" + usageType + "|" + recordType;
    }
}
