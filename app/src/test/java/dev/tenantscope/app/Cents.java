package dev.tenantscope.app;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/** Money as the invoice states it: to the cent, half-even. */
final class Cents {
    private Cents() {}

    static BigDecimal of(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN);
    }

    /** Each amount to the cent, without those that round to zero. */
    static Map<String, BigDecimal> nonZero(Map<String, BigDecimal> amounts) {
        Map<String, BigDecimal> out = new TreeMap<>();
        amounts.forEach((k, v) -> {
            if (of(v).signum() != 0) {
                out.put(k, of(v));
            }
        });
        return out;
    }
}
