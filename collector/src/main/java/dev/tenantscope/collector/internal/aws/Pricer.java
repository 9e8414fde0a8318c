package dev.tenantscope.collector.internal.aws;

import dev.tenantscope.collector.CollectorConfig.Price;
import dev.tenantscope.model.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * Prices metered calls from the price table. A price whose unit is "requests" bills calls; any other unit bills
 * the metered units (metrics requested, pages, bytes scanned). Lookup: {@code service:Operation}, then
 * {@code service:*}, else free.
 */
public final class Pricer {
    private static final Price FREE = new Price(BigDecimal.ZERO, 1, "requests");
    private final Map<String, Price> prices;

    public Pricer(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    public Price price(ApiId api) {
        Price p = prices.get(api.key());
        return p != null ? p : prices.getOrDefault(api.service() + ":*", FREE);
    }

    public String unit(ApiId api) {
        return price(api).unit();
    }

    public long billable(ApiId api, long calls, long units) {
        return "requests".equals(price(api).unit()) ? calls : units;
    }

    public Money cost(ApiId api, long calls, long units) {
        Price p = price(api);
        BigDecimal n = BigDecimal.valueOf(billable(api, calls, units));
        return Money.usd(p.usd().multiply(n).divide(BigDecimal.valueOf(p.perUnits()), MathContext.DECIMAL64));
    }

    /** Cost of one call billing {@code units} — what the planner multiplies by frequency. */
    public BigDecimal perCall(ApiId api, long units) {
        return cost(api, 1, units).amount();
    }
}
