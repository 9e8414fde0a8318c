package dev.tenantscope.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/** An amount of money: decimal, never double, with an explicit ISO-4217 currency. */
public record Money(
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {
    public static final String USD = "USD";
    private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

    public Money {
        Validate.notNull("amount", amount);
        Validate.notNull("currency", currency);
        if (!ISO_4217.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency: expected a 3-letter ISO-4217 code such as USD, got '"
                    + Validate.abbreviate(currency) + "'");
        }
    }

    public static Money usd(String amount) {
        return new Money(parse("amount", amount), USD);
    }

    public static Money usd(BigDecimal amount) {
        return new Money(amount, USD);
    }

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /** Parses a decimal string such as Cost Explorer's {@code Amount}; the message names the field. */
    public static BigDecimal parse(String field, String amount) {
        Validate.notBlank(field, amount);
        try {
            return new BigDecimal(amount.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    field + ": expected a decimal number such as 12.34, got '" + Validate.abbreviate(amount) + "'", e);
        }
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor), currency);
    }

    public Money roundedToCents() {
        return new Money(amount.setScale(2, RoundingMode.HALF_EVEN), currency);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore // derived: not part of the wire format
    public boolean isZero() {
        return amount.signum() == 0;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException(
                    "currency: cannot combine " + currency + " with " + other.currency + " without a conversion");
        }
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }
}
