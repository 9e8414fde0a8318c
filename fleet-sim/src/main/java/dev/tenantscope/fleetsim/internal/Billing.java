package dev.tenantscope.fleetsim.internal;

import dev.tenantscope.fleetsim.SimCatalog;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lines Cost Explorer shows for one account and day at some time: usage by service and record type, with
 * its amount under every cost basis. The one place Cost Explorer and the ground truth read cost from.
 *
 * <p>Member accounts: Usage (on-demand), the covered part of Lambda as SavingsPlanCoveredUsage plus
 * SavingsPlanNegation, the covered part of DynamoDB as DiscountedUsage, occasional Credits, daily Tax, and a
 * Refund on a few account-months that lands after the month is final. The management account: the commitments'
 * fees (SavingsPlanRecurringFee, SavingsPlanUpfrontFee on the purchase day, RIFee), their Tax, and the support
 * plan's fee for a month, dated on its first day and added on the 6th–7th of the next month.
 */
public final class Billing {
    private static final long SALT_TAX = 51, SALT_REFUND = 52, SALT_SUPPORT = 53, SALT_DROP = 54;
    private static final double[] TAX_RATES = {0.06, 0.0725, 0.08, 0.10, 0.20};
    /** Basis order of every micros array: the order of {@code CostBasis}. */
    public static final int BASES = 5;
    /** Every service a line can have: the usage services, then the Savings Plan, tax and support services. */
    public static final List<String> SERVICES;

    public static final int SAVINGS_PLANS, TAX, SUPPORT;
    private static final long FINAL = Long.MAX_VALUE / 2;
    private static final int API_GATEWAY = CostModel.serviceIndex("Amazon API Gateway");

    static {
        List<String> s = new ArrayList<>(CostModel.SERVICES);
        s.add(SimCatalog.SAVINGS_PLANS_SERVICE);
        s.add(SimCatalog.TAX_SERVICE);
        s.add(SimCatalog.SUPPORT_SERVICE);
        SERVICES = List.copyOf(s);
        SAVINGS_PLANS = SERVICES.indexOf(SimCatalog.SAVINGS_PLANS_SERVICE);
        TAX = SERVICES.indexOf(SimCatalog.TAX_SERVICE);
        SUPPORT = SERVICES.indexOf(SimCatalog.SUPPORT_SERVICE);
    }

    /** One line: service index into {@link #SERVICES}, RECORD_TYPE, micro-USD by basis, Estimated. */
    public record Charge(int service, String recordType, long[] micros, boolean estimated) {
        public String serviceName() {
            return SERVICES.get(service);
        }

        public boolean baseline() {
            return service < CostModel.SERVICES.size() && CostModel.baseline(service);
        }
    }

    /** Receives lines as they are produced. */
    public interface Sink {
        void add(int service, String recordType, long[] micros, boolean estimated);
    }

    private record Refund(long day, int service, long micros, long visibleAt) {}

    private final Fleet fleet;
    private final CostModel costs;
    private final long seed;
    private final boolean dropGroups;
    public final Commitment savingsPlan;
    public final Commitment reservedCapacity;
    private final ConcurrentHashMap<YearMonth, Long> supportFees = new ConcurrentHashMap<>();

    public Billing(Fleet fleet, CostModel costs) {
        this.fleet = fleet;
        this.costs = costs;
        this.seed = fleet.spec.seed();
        this.dropGroups = fleet.spec.restatementDropsGroups();
        LocalDate genesisMonth =
                CostModel.day(fleet.spec.genesis().getEpochSecond()).withDayOfMonth(1);
        this.savingsPlan = Commitment.savingsPlan(fleet, costs, genesisMonth);
        this.reservedCapacity = Commitment.reservedCapacity(fleet, costs, genesisMonth);
    }

    public static int serviceIndex(String service) {
        return SERVICES.indexOf(service);
    }

    public static long[] same(long micros) {
        long[] m = new long[BASES];
        java.util.Arrays.fill(m, micros);
        return m;
    }

    /** The lines of account {@code a} (fleet index, -1 for the management account) on {@code day} at {@code asOf}. */
    public List<Charge> charges(int a, long day, long asOf) {
        List<Charge> out = new ArrayList<>();
        charges(a, day, asOf, true, (s, type, micros, est) -> out.add(new Charge(s, type, micros, est)));
        return out;
    }

    private void charges(int a, long day, long asOf, boolean withSupport, Sink out) {
        int v = CostModel.version(day, asOf);
        if (a >= 0) {
            member(a, day, v, asOf, out);
        } else {
            management(day, v, asOf, withSupport, out);
        }
    }

    /** Usage at on-demand rates; with the restatement knob on, some API Gateway lines vanish from version 2 on. */
    private long usage(int a, int s, long day, int v) {
        if (dropGroups && s == API_GATEWAY && v >= 2 && dropped(a, day)) {
            return 0;
        }
        return costs.usageMicros(a, s, day, v);
    }

    private boolean dropped(int a, long day) {
        return Hash.unit(Hash.of(seed, SALT_DROP, a, day)) < 1.0 / 40;
    }

    private Commitment commitmentOf(int s) {
        return s == savingsPlan.service ? savingsPlan : s == reservedCapacity.service ? reservedCapacity : null;
    }

    private void member(int a, long day, int v, long asOf, Sink out) {
        if (v < 0) {
            return;
        }
        boolean est = CostModel.estimated(v);
        Refund refund = refund(a, YearMonth.from(LocalDate.ofEpochDay(day)));
        long taxable = 0;
        for (int s = 0; s < CostModel.SERVICES.size(); s++) {
            long u = usage(a, s, day, v);
            Commitment c = commitmentOf(s);
            long covered = c == null ? 0 : c.covered(a, day, v, u);
            if (u - covered != 0) {
                out.add(s, SimCatalog.USAGE, same(u - covered), est);
            }
            if (covered != 0) {
                c.memberLines(s, covered, est, out);
            }
            long credit = costs.creditMicros(a, s, day);
            if (credit != 0) {
                out.add(s, SimCatalog.CREDIT, same(credit), est);
            }
            if (refund != null && refund.day == day && refund.service == s && asOf >= refund.visibleAt) {
                out.add(s, SimCatalog.REFUND, same(-refund.micros), est);
            }
            taxable += u - covered;
        }
        tax(a, taxable, est, out);
    }

    private void management(long day, int v, long asOf, boolean withSupport, Sink out) {
        if (v < 0) {
            return;
        }
        boolean est = CostModel.estimated(v);
        long taxable = savingsPlan.feeLines(day, v, est, out) + reservedCapacity.feeLines(day, v, est, out);
        tax(-1, taxable, est, out);
        LocalDate d = LocalDate.ofEpochDay(day);
        if (withSupport && d.getDayOfMonth() == 1 && asOf >= supportVisibleAt(YearMonth.from(d))) {
            long fee = supportFee(YearMonth.from(d));
            if (fee != 0) {
                out.add(SUPPORT, SimCatalog.SUPPORT, same(fee), est);
            }
        }
    }

    /** Tax on the day's on-demand charges, at the account's rate; the same amount under every basis. */
    private void tax(int a, long taxable, boolean est, Sink out) {
        if (taxable > 0) {
            double rate = TAX_RATES[Hash.below(Hash.of(seed, SALT_TAX, a), TAX_RATES.length)];
            out.add(TAX, SimCatalog.TAX, same(Math.round(taxable * rate)), est);
        }
    }

    /** About 3 % of account-months get a refund of 10–40 % of one day's workload line, 3–15 days after close. */
    private Refund refund(int a, YearMonth month) {
        long h = Hash.of(seed, SALT_REFUND, a, month.getYear() * 12L + month.getMonthValue());
        if (Hash.unit(h) >= 0.03) {
            return null;
        }
        long h2 = Hash.mix(h), h3 = Hash.mix(h2), h4 = Hash.mix(h3);
        long day = month.atDay(1 + Hash.below(h2, month.lengthOfMonth())).toEpochDay();
        int s = Hash.below(h3, CostModel.WORKLOAD_COUNT);
        long u = usage(a, s, day, 4);
        if (u == 0) {
            return null;
        }
        long micros = Math.round(u * (0.1 + 0.3 * Hash.unit(h4)));
        long close = CostModel.monthClose(month.atEndOfMonth().toEpochDay());
        long visible = close + (3 + Hash.below(Hash.mix(h4), 13)) * 86_400L + Hash.below(Hash.mix(h4 + 1), 86_400);
        return new Refund(day, s, micros, visible);
    }

    /** When the support fee of {@code month} appears: between the 6th 00:00 and the 7th 23:59 of the next month. */
    public long supportVisibleAt(YearMonth month) {
        long sixth = month.plusMonths(1).atDay(6).toEpochDay() * 86_400L;
        return sixth + Hash.below(Hash.of(seed, SALT_SUPPORT, month.getYear() * 12L + month.getMonthValue()), 172_800);
    }

    /**
     * Business support on the organisation's final charges of the month (before tax and refunds): 10 % of the
     * first $10K, 7 % to $80K, 5 % to $250K, 3 % above, at least $100.
     */
    public long supportFee(YearMonth month) {
        return supportFees.computeIfAbsent(month, m -> {
            long[] total = {0};
            Sink sum = (s, type, micros, est) -> {
                if (!type.equals(SimCatalog.TAX) && !type.equals(SimCatalog.REFUND)) {
                    total[0] += micros[0];
                }
            };
            for (LocalDate d = m.atDay(1); !d.isAfter(m.atEndOfMonth()); d = d.plusDays(1)) {
                for (int a = -1; a < fleet.size(); a++) {
                    charges(a, d.toEpochDay(), FINAL, false, sum);
                }
            }
            return tiered(total[0]);
        });
    }

    static long tiered(long micros) {
        long[] bounds = {10_000_000_000L, 80_000_000_000L, 250_000_000_000L, Long.MAX_VALUE};
        double[] rates = {0.10, 0.07, 0.05, 0.03};
        double fee = 0;
        long lower = 0;
        for (int i = 0; i < bounds.length && micros > lower; i++) {
            fee += (Math.min(micros, bounds[i]) - lower) * rates[i];
            lower = bounds[i];
        }
        return Math.max(100_000_000L, Math.round(fee));
    }
}
