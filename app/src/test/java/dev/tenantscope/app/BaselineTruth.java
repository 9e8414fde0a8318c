package dev.tenantscope.app;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.fleetsim.GroundTruth;
import dev.tenantscope.fleetsim.MeterSnapshot;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.events.CostBasis;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-account baseline overhead worked out without the pipeline: the baseline lines of fleet-sim's bill
 * ({@link GroundTruth#billingLines}, unblended) and our own API spend as fleet-sim's meter counted the calls, priced
 * with the collector's price table. The distribution is the nearest-rank one the API documents (rank ⌈k·n/10⌉).
 */
final class BaselineTruth {
    private BaselineTruth() {}

    /** Nearest-rank distribution of per-account totals, to the cent: n, total, median, p90, the ten deciles, max. */
    record Distribution(
            int accounts,
            BigDecimal total,
            BigDecimal median,
            BigDecimal p90,
            List<BigDecimal> deciles,
            BigDecimal max) {
        static Distribution of(Iterable<BigDecimal> perAccount) {
            return of(perAccount, 2);
        }

        /** The same, to {@code scale} decimals (our own API spend is fractions of a cent per account). */
        static Distribution of(Iterable<BigDecimal> perAccount, int scale) {
            List<BigDecimal> sorted = new ArrayList<>();
            perAccount.forEach(sorted::add);
            sorted.sort(null);
            int n = sorted.size();
            BigDecimal total = sorted.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            List<BigDecimal> deciles = new ArrayList<>();
            for (int k = 1; k <= 10; k++) {
                deciles.add(scaled(rank(sorted, k), scale));
            }
            return new Distribution(
                    n,
                    scaled(total, scale),
                    scaled(rank(sorted, 5), scale),
                    scaled(rank(sorted, 9), scale),
                    deciles,
                    scaled(sorted.get(n - 1), scale));
        }

        private static BigDecimal rank(List<BigDecimal> sorted, int tenths) {
            return sorted.get((tenths * sorted.size() + 9) / 10 - 1);
        }
    }

    /** Each account's baseline lines on fleet-sim's bill in [from, to], unblended; accounts without one left out. */
    static Map<AccountId, BigDecimal> invoiceBaseline(
            GroundTruth truth, List<AccountId> accounts, LocalDate from, LocalDate to, java.time.Instant asOf) {
        Map<AccountId, BigDecimal> out = new TreeMap<>(java.util.Comparator.comparing(AccountId::value));
        for (AccountId account : accounts) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                for (var line : truth.billingLines(account, d, asOf)) {
                    if (line.baseline()) {
                        out.merge(account, line.amount(CostBasis.UNBLENDED), BigDecimal::add);
                    }
                }
            }
        }
        return out;
    }

    /**
     * What each caller account's metered calls cost at the price table's prices: per request, per metric asked
     * for, per byte scanned, as the price names its unit ({@code service:Operation}, else {@code service:*}, else
     * free).
     */
    static Map<String, BigDecimal> meteredSpend(MeterSnapshot meter, Map<String, CollectorConfig.Price> prices) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (MeterSnapshot.Entry e : meter.entries()) {
            CollectorConfig.Price p = prices.get(e.service() + ":" + e.operation());
            if (p == null) {
                p = prices.get(e.service() + ":*");
            }
            if (p == null) {
                continue;
            }
            long units = switch (p.unit()) {
                case "metrics" -> e.metricsRequested();
                case "bytes" -> e.bytesScanned();
                default -> e.calls();
            };
            BigDecimal cost = p.usd()
                    .multiply(BigDecimal.valueOf(units))
                    .divide(BigDecimal.valueOf(p.perUnits()), MathContext.DECIMAL64);
            out.merge(e.account(), cost, BigDecimal::add);
        }
        return out;
    }

    static BigDecimal cents(BigDecimal v) {
        return scaled(v, 2);
    }

    static BigDecimal scaled(BigDecimal v, int scale) {
        return v.setScale(scale, RoundingMode.HALF_EVEN);
    }
}
