package dev.tenantscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {
    @Test
    void addsExactlyWithoutFloatingPointDrift() {
        Money sum = Money.zero("USD");
        for (int i = 0; i < 10; i++) {
            sum = sum.plus(Money.usd("0.1"));
        }
        assertThat(sum.amount()).isEqualByComparingTo("1.0");
    }

    @Test
    void refusesToMixCurrencies() {
        assertThatThrownBy(() -> Money.usd("1").plus(new Money(java.math.BigDecimal.ONE, "EUR")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot combine USD with EUR");
    }

    @Test
    void badDecimalNamesTheFieldAndValue() {
        assertThatThrownBy(() -> Money.parse("Amount", "12,34"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Amount: expected a decimal number such as 12.34, got '12,34'");
    }

    @Test
    void accountIdMustBeTwelveDigits() {
        assertThatThrownBy(() -> AccountId.of("12345678901x"))
                .hasMessage("account: expected a 12-digit AWS account id, got '12345678901x'");
        assertThat(AccountId.of("000000000001").value()).isEqualTo("000000000001");
    }

    @Test
    void hugeTenantIdIsRefusedWithoutEchoingItAll() {
        String huge = "x".repeat(10_000);
        assertThatThrownBy(() -> TenantId.of(huge))
                .hasMessageStartingWith("tenant: expected at most 256 characters, got 10000")
                .hasMessageContaining("…(10000 chars)");
    }
}
