package dev.tenantscope.fleetsim;

import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.CostBasis;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A month of the organisation's bill as Cost Explorer shows it at {@code asOf}: one amount per account, basis and
 * record type (management account included), 6 decimals.
 *
 * @param closed every day of the month is past month close; the support fee (6th–7th of the next month) and
 *     refunds (up to about three weeks after close) can still be added
 */
public record Invoice(YearMonth month, java.time.Instant asOf, List<Line> lines, boolean closed) {

    /** The sum of one account's lines of one record type under one basis. */
    public record Line(AccountId account, CostBasis basis, String recordType, BigDecimal amount) {
        public Line {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(basis, "basis");
            Objects.requireNonNull(recordType, "recordType");
            Objects.requireNonNull(amount, "amount");
        }
    }

    public Invoice {
        lines = List.copyOf(lines);
    }

    /** An account's total under {@code basis}, all record types. */
    public BigDecimal accountTotal(AccountId account, CostBasis basis) {
        return lines.stream()
                .filter(l -> l.account().equals(account) && l.basis() == basis)
                .map(Line::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** One account's amount of one record type under {@code basis} (zero when it has none). */
    public BigDecimal amount(AccountId account, CostBasis basis, String recordType) {
        return lines.stream()
                .filter(l -> l.account().equals(account)
                        && l.basis() == basis
                        && l.recordType().equals(recordType))
                .map(Line::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The organisation's total under {@code basis}: what the invoice adds up to (unblended) or its amortized view. */
    public BigDecimal organisationTotal(CostBasis basis) {
        return lines.stream()
                .filter(l -> l.basis() == basis)
                .map(Line::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The organisation's total by record type under {@code basis}. */
    public Map<String, BigDecimal> byRecordType(CostBasis basis) {
        Map<String, BigDecimal> out = new TreeMap<>();
        lines.stream()
                .filter(l -> l.basis() == basis)
                .forEach(l -> out.merge(l.recordType(), l.amount(), BigDecimal::add));
        return out;
    }
}
