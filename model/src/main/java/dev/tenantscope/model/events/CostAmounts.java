package dev.tenantscope.model.events;

import dev.tenantscope.model.Money;
import dev.tenantscope.model.Validate;

/** One cost line's amount under every {@link CostBasis}, all in one currency. */
public record CostAmounts(Money unblended, Money netUnblended, Money amortized, Money netAmortized, Money blended) {

    public CostAmounts {
        Validate.notNull("unblended", unblended);
        Validate.notNull("netUnblended", netUnblended);
        Validate.notNull("amortized", amortized);
        Validate.notNull("netAmortized", netAmortized);
        Validate.notNull("blended", blended);
        for (Money m : new Money[] {netUnblended, amortized, netAmortized, blended}) {
            if (!m.currency().equals(unblended.currency())) {
                throw new IllegalArgumentException("cost amounts: every basis must share one currency, got "
                        + unblended.currency() + " and " + m.currency());
            }
        }
    }

    /** The same amount under every basis: usage without commitments, credits or discounts. */
    public static CostAmounts same(Money amount) {
        return new CostAmounts(amount, amount, amount, amount, amount);
    }

    public static CostAmounts zero(String currency) {
        return same(Money.zero(currency));
    }

    public Money of(CostBasis basis) {
        return switch (basis) {
            case UNBLENDED -> unblended;
            case NET_UNBLENDED -> netUnblended;
            case AMORTIZED -> amortized;
            case NET_AMORTIZED -> netAmortized;
            case BLENDED -> blended;
        };
    }

    public String currency() {
        return unblended.currency();
    }
}
