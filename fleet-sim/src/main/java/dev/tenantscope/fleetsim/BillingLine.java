package dev.tenantscope.fleetsim;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostBasis;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One line as Cost Explorer shows it grouped by LINKED_ACCOUNT, SERVICE and RECORD_TYPE at some time.
 *
 * @param recordType Cost Explorer's RECORD_TYPE value ({@link SimCatalog#RECORD_TYPES})
 * @param amounts USD under every cost basis, at most 6 decimals
 * @param estimated Cost Explorer's {@code Estimated} for the line's day
 * @param baseline true for the per-account baseline services
 */
public record BillingLine(
        AccountId account,
        LocalDate day,
        String service,
        String recordType,
        CostAmounts amounts,
        boolean estimated,
        boolean baseline) {

    public BillingLine {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(amounts, "amounts");
    }

    public BigDecimal amount(CostBasis basis) {
        return amounts.of(basis).amount();
    }
}
