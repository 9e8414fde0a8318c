package dev.tenantscope.fleetsim.internal;

import dev.tenantscope.fleetsim.SimCatalog;
import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A commitment bought in the management account that covers one service's usage in member accounts: the Compute
 * Savings Plan (Lambda) or DynamoDB reserved capacity (an RI). Micro-USD per day.
 *
 * <p>Each covered account has a stable covered share of the service; the fleet's covered usage never exceeds the
 * daily commitment (a heavy day scales every share down, as AWS applies a commitment up to its hourly amount).
 * Unblended: the fee sits in the management account, covered usage nets to zero in the member account (Savings
 * Plan: covered usage plus its negation; RI: discounted usage at 0). Amortized: the covered usage costs its
 * effective (discounted) rate in the member account, and the management account keeps only the unused commitment.
 */
public final class Commitment {
    private static final long SALT_COVER = 41;

    final int service;
    final String coveredType;
    /** Savings Plan only: the line that cancels covered usage's on-demand cost in unblended. */
    final String negationType;

    final int feeService;
    final String recurringType;
    /** Savings Plan only: the one-time upfront fee on the start day (partial upfront). */
    final String upfrontType;

    private final double discount;
    private final double accountShare;
    private final double upfrontShare;
    private final boolean blendedAsAmortized;
    final long startDay;
    final long endDay;
    private final long salt;
    private final Fleet fleet;
    private final CostModel costs;
    private volatile long commitment = -1;
    // (day * 8 + version) -> micro-USD of effective cost used that day, and the scale applied to every share
    private final ConcurrentHashMap<Long, double[]> days = new ConcurrentHashMap<>();

    private Commitment(
            Fleet fleet,
            CostModel costs,
            int service,
            String coveredType,
            String negationType,
            String feeService,
            String recurringType,
            String upfrontType,
            double discount,
            double accountShare,
            double upfrontShare,
            boolean blendedAsAmortized,
            LocalDate start,
            int termYears,
            long salt) {
        this.fleet = fleet;
        this.costs = costs;
        this.service = service;
        this.coveredType = coveredType;
        this.negationType = negationType;
        this.feeService = Billing.serviceIndex(feeService);
        this.recurringType = recurringType;
        this.upfrontType = upfrontType;
        this.discount = discount;
        this.accountShare = accountShare;
        this.upfrontShare = upfrontShare;
        this.blendedAsAmortized = blendedAsAmortized;
        this.startDay = start.toEpochDay();
        this.endDay = start.plusYears(termYears).toEpochDay();
        this.salt = salt;
    }

    /**
     * A 3-year partial-upfront Compute Savings Plan covering Lambda (up to 17 % off), bought on the first day of
     * the month 8 months before genesis; about half the accounts run covered Lambda.
     */
    static Commitment savingsPlan(Fleet fleet, CostModel costs, LocalDate genesisMonth) {
        return new Commitment(
                fleet,
                costs,
                CostModel.serviceIndex("AWS Lambda"),
                SimCatalog.SAVINGS_PLAN_COVERED_USAGE,
                SimCatalog.SAVINGS_PLAN_NEGATION,
                SimCatalog.SAVINGS_PLANS_SERVICE,
                SimCatalog.SAVINGS_PLAN_RECURRING_FEE,
                SimCatalog.SAVINGS_PLAN_UPFRONT_FEE,
                0.17,
                0.5,
                0.5,
                false,
                genesisMonth.minusMonths(8),
                3,
                SALT_COVER);
    }

    /** One-year no-upfront DynamoDB reserved capacity (50 % off), bought 5 months before genesis. */
    static Commitment reservedCapacity(Fleet fleet, CostModel costs, LocalDate genesisMonth) {
        return new Commitment(
                fleet,
                costs,
                CostModel.serviceIndex("Amazon DynamoDB"),
                SimCatalog.DISCOUNTED_USAGE,
                null,
                "Amazon DynamoDB",
                SimCatalog.RI_FEE,
                null,
                0.5,
                0.3,
                0,
                true,
                genesisMonth.minusMonths(5),
                1,
                SALT_COVER + 1);
    }

    boolean active(long day) {
        return day >= startDay && day < endDay;
    }

    /** The account's covered share of the service, 0 for accounts the commitment does not reach. */
    private double share(int a) {
        long h = Hash.of(fleet.spec.seed(), salt, a);
        return Hash.unit(h) < accountShare ? 0.55 + 0.4 * Hash.unit(Hash.mix(h)) : 0;
    }

    /** Amortized commitment per day: a little above the covered usage of an ordinary week before the start. */
    long dailyCommitment() {
        long c = commitment;
        if (c < 0) {
            double ref = 0;
            for (int a = 0; a < fleet.size(); a++) {
                double f = share(a);
                if (f > 0) {
                    for (long d = startDay - 7; d < startDay; d++) {
                        ref += f * (1 - discount) * costs.finalUsageMicros(a, service, d) / 7;
                    }
                }
            }
            commitment = c = Math.round(ref * 1.1 / 1000) * 1000;
        }
        return c;
    }

    private long upfrontPerDay() {
        return Math.round(dailyCommitment() * upfrontShare);
    }

    long recurringPerDay() {
        return dailyCommitment() - upfrontPerDay();
    }

    long upfrontFee() {
        return upfrontPerDay() * (endDay - startDay);
    }

    private double[] day(long day, int version) {
        return days.computeIfAbsent(day * 8 + version, k -> {
            double raw = 0;
            for (int a = 0; a < fleet.size(); a++) {
                double f = share(a);
                if (f > 0) {
                    raw += f * (1 - discount) * costs.usageMicros(a, service, day, version);
                }
            }
            // leave room for rounding so that the used commitment never exceeds the commitment
            double cap = dailyCommitment() - 2.0 * fleet.size();
            double scale = raw <= cap ? 1 : Math.max(0, cap) / raw;
            long used = 0;
            for (int a = 0; a < fleet.size(); a++) {
                double f = share(a);
                if (f > 0) {
                    used += effective(Math.round(costs.usageMicros(a, service, day, version) * f * scale));
                }
            }
            return new double[] {scale, used};
        });
    }

    /** On-demand cost of the part of {@code usage} the commitment covers. */
    long covered(int a, long day, int version, long usage) {
        double f = share(a);
        if (f == 0 || usage == 0 || !active(day)) {
            return 0;
        }
        return Math.round(usage * f * day(day, version)[0]);
    }

    long effective(long covered) {
        return Math.round(covered * (1 - discount));
    }

    /** Lines of covered usage in a member account, by basis: unblended, net unblended, amortized, net am., blended. */
    void memberLines(int service, long covered, boolean estimated, Billing.Sink out) {
        long e = effective(covered);
        if (negationType != null) {
            out.add(service, coveredType, new long[] {covered, covered, e, e, covered}, estimated);
            out.add(service, negationType, new long[] {-covered, -covered, 0, 0, -covered}, estimated);
        } else {
            out.add(service, coveredType, new long[] {0, 0, e, e, e}, estimated);
        }
    }

    /** The management account's fee lines of the day; returns their unblended sum (the taxable fee). */
    long feeLines(long day, int version, boolean estimated, Billing.Sink out) {
        if (!active(day) || dailyCommitment() == 0) {
            return 0;
        }
        long used = (long) day(day, version)[1];
        long recurring = recurringPerDay();
        long unused = dailyCommitment() - used;
        out.add(
                feeService,
                recurringType,
                new long[] {recurring, recurring, unused, unused, blendedAsAmortized ? unused : recurring},
                estimated);
        long taxable = recurring;
        if (upfrontType != null && day == startDay && upfrontFee() != 0) {
            long u = upfrontFee();
            out.add(feeService, upfrontType, new long[] {u, u, 0, 0, u}, estimated);
            taxable += u;
        }
        return taxable;
    }
}
