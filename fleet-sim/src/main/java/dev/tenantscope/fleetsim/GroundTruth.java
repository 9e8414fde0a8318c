package dev.tenantscope.fleetsim;

import dev.tenantscope.fleetsim.internal.Billing;
import dev.tenantscope.fleetsim.internal.CostAnomalies;
import dev.tenantscope.fleetsim.internal.CostModel;
import dev.tenantscope.fleetsim.internal.Episodes;
import dev.tenantscope.fleetsim.internal.Fleet;
import dev.tenantscope.fleetsim.internal.LogModel;
import dev.tenantscope.fleetsim.internal.Metric;
import dev.tenantscope.fleetsim.internal.MetricModel;
import dev.tenantscope.fleetsim.internal.Sim;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.TenantId;
import dev.tenantscope.model.events.CostAmounts;
import dev.tenantscope.model.events.CostBasis;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/** The exact values a correct pipeline ends with, computed from the same functions the simulator serves. */
public final class GroundTruth {
    private final Sim sim;

    GroundTruth(Sim sim) {
        this.sim = sim;
    }

    public AccountId managementAccount() {
        return sim.fleet.management;
    }

    /** Member accounts that have joined by {@code asOf} (any status), in listing order. */
    public List<SimAccount> accounts(Instant asOf) {
        List<SimAccount> out = new ArrayList<>();
        for (int i = 0; i < sim.fleet.size(); i++) {
            SimAccount a = sim.fleet.account(i);
            if (a.statusAt(asOf) != AccountStatus.NOT_JOINED) {
                out.add(a);
            }
        }
        return out;
    }

    /** Every member account, joined or not. */
    public List<SimAccount> allAccounts() {
        List<SimAccount> out = new ArrayList<>(sim.fleet.size());
        for (int i = 0; i < sim.fleet.size(); i++) {
            out.add(sim.fleet.account(i));
        }
        return out;
    }

    public Optional<SimAccount> account(AccountId id) {
        int i = sim.fleet.indexOf(id.value());
        return i < 0 ? Optional.empty() : Optional.of(sim.fleet.account(i));
    }

    public List<TenantId> tenants() {
        return sim.fleet.tenants();
    }

    public List<SimAccount> accountsOf(TenantId tenant) {
        int t = requireTenant(tenant);
        return sim.fleet.accountsOfTenant(t).stream().map(sim.fleet::account).toList();
    }

    private int requireTenant(TenantId tenant) {
        int t = sim.fleet.tenantIndex(tenant);
        if (t < 0) {
            throw new IllegalArgumentException("tenant: no such tenant in this fleet: " + tenant);
        }
        return t;
    }

    private int requireAccount(AccountId account) {
        int i = sim.fleet.indexOf(account.value());
        if (i < 0) {
            throw new IllegalArgumentException("account: not a member account of this fleet: " + account);
        }
        return i;
    }

    /**
     * The complete value of a statistic for the period starting at {@code timestamp} (all minutes, lateness
     * ignored), or empty when the account had no data then. Dimensions only matter for AWS/Usage.
     */
    public OptionalDouble metric(
            AccountId account, String namespace, String metricName, String stat, int periodSeconds, Instant timestamp) {
        return metric(account, namespace, metricName, stat, periodSeconds, timestamp, null);
    }

    /**
     * What GetMetricData answers at {@code asOf} for that period in the account's home region ({@code us-east-1}):
     * only minutes already visible (each arrives 1–2 minutes after it ends), so a recent period can be partial or
     * missing. {@code asOf} null = complete value.
     */
    public OptionalDouble metric(
            AccountId account,
            String namespace,
            String metricName,
            String stat,
            int periodSeconds,
            Instant timestamp,
            Instant asOf) {
        return metric(account, Fleet.HOME, namespace, metricName, stat, periodSeconds, timestamp, asOf);
    }

    /** As {@link #metric(AccountId, String, String, String, int, Instant, Instant)}, in {@code region}. */
    public OptionalDouble metric(
            AccountId account,
            String region,
            String namespace,
            String metricName,
            String stat,
            int periodSeconds,
            Instant timestamp,
            Instant asOf) {
        Metric m = Metric.all().stream()
                .filter(x -> x.namespace.equals(namespace) && x.metricName.equals(metricName))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("metric: fleet-sim serves no " + namespace + "/" + metricName));
        if (periodSeconds < 60 || periodSeconds % 60 != 0 || timestamp.getEpochSecond() % 60 != 0) {
            throw new IllegalArgumentException(
                    "period/timestamp: expected whole minutes, got " + periodSeconds + " at " + timestamp);
        }
        int unit = sim.fleet.unit(requireAccount(account), region);
        if (unit < 0) {
            return OptionalDouble.empty();
        }
        double v = sim.metrics.aggregate(
                unit,
                m,
                stat,
                timestamp.getEpochSecond(),
                periodSeconds,
                asOf == null ? Long.MAX_VALUE : asOf.getEpochSecond());
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * The regions the account runs workload in, home ({@code us-east-1}) first; metrics and logs exist only there.
     * Regions enabled by default but without workload answer with nothing; an opt-in region is enabled exactly when
     * it is one of these.
     */
    public List<String> regions(AccountId account) {
        return sim.fleet.regions(requireAccount(account));
    }

    /** Fleet index of a member account, -1 for the management account. */
    private int requireBillable(AccountId account) {
        return account.equals(sim.fleet.management) ? -1 : requireAccount(account);
    }

    private static CostAmounts amounts(long[] micros) {
        return new CostAmounts(usd(micros[0]), usd(micros[1]), usd(micros[2]), usd(micros[3]), usd(micros[4]));
    }

    private static Money usd(long micros) {
        return Money.usd(BigDecimal.valueOf(micros, 6));
    }

    /**
     * What Cost Explorer shows for (account, day, service) at {@code asOf} in UnblendedCost, all record types summed
     * (a LINKED_ACCOUNT × SERVICE grouping); empty when nothing is shown.
     */
    public Optional<CostLine> costLine(AccountId account, LocalDate day, String service, Instant asOf) {
        if (Billing.serviceIndex(service) < 0) {
            throw new IllegalArgumentException("service: expected one of " + Billing.SERVICES + ", got " + service);
        }
        return costLines(account, day, asOf).stream()
                .filter(l -> l.service().equals(service))
                .findFirst();
    }

    /** The account-day's lines by service, unblended, all record types summed (see {@link #costLine}). */
    public List<CostLine> costLines(AccountId account, LocalDate day, Instant asOf) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, Boolean> estimated = new LinkedHashMap<>();
        Map<String, Boolean> baseline = new LinkedHashMap<>();
        for (Billing.Charge c :
                sim.billing.charges(requireBillable(account), day.toEpochDay(), asOf.getEpochSecond())) {
            long[] s = sums.computeIfAbsent(c.serviceName(), k -> new long[Billing.BASES]);
            for (int b = 0; b < Billing.BASES; b++) {
                s[b] += c.micros()[b];
            }
            estimated.merge(c.serviceName(), c.estimated(), Boolean::logicalOr);
            baseline.put(c.serviceName(), c.baseline());
        }
        List<CostLine> out = new ArrayList<>();
        sums.forEach((service, s) -> out.add(new CostLine(
                account, day, service, BigDecimal.valueOf(s[0], 6), estimated.get(service), baseline.get(service))));
        return out;
    }

    /** The account-day's lines by service and record type, every basis (management account included). */
    public List<BillingLine> billingLines(AccountId account, LocalDate day, Instant asOf) {
        List<BillingLine> out = new ArrayList<>();
        for (Billing.Charge c :
                sim.billing.charges(requireBillable(account), day.toEpochDay(), asOf.getEpochSecond())) {
            out.add(new BillingLine(
                    account, day, c.serviceName(), c.recordType(), amounts(c.micros()), c.estimated(), c.baseline()));
        }
        return out;
    }

    /** The day's final unblended amount of a service, all record types (after month close, refunds included). */
    public BigDecimal finalCost(AccountId account, LocalDate day, String service) {
        return costLine(account, day, service, Instant.MAX)
                .map(CostLine::amount)
                .orElse(BigDecimal.ZERO);
    }

    /** A tenant's day in UnblendedCost (what a LINKED_ACCOUNT × SERVICE pull of UnblendedCost adds up to). */
    public TenantCost tenantDailyCost(TenantId tenant, LocalDate day, Instant asOf) {
        return tenantDailyCost(tenant, day, CostBasis.UNBLENDED, asOf);
    }

    public TenantCost tenantDailyCost(TenantId tenant, LocalDate day, CostBasis basis, Instant asOf) {
        return tenantCost(tenant, day, day.plusDays(1), basis, asOf);
    }

    /** A tenant's month in UnblendedCost. */
    public TenantCost tenantMonthlyCost(TenantId tenant, YearMonth month, Instant asOf) {
        return tenantMonthlyCost(tenant, month, CostBasis.UNBLENDED, asOf);
    }

    public TenantCost tenantMonthlyCost(TenantId tenant, YearMonth month, CostBasis basis, Instant asOf) {
        return tenantCost(tenant, month.atDay(1), month.plusMonths(1).atDay(1), basis, asOf);
    }

    /** Baseline / total of a tenant's month (unblended), 6 decimals. */
    public BigDecimal baselineShare(TenantId tenant, YearMonth month, Instant asOf) {
        return tenantMonthlyCost(tenant, month, asOf).baselineShare();
    }

    /** Workload is every line of the tenant's accounts outside the baseline services (tax and credits included). */
    private TenantCost tenantCost(TenantId tenant, LocalDate from, LocalDate to, CostBasis basis, Instant asOf) {
        int t = requireTenant(tenant);
        int b = basis.ordinal();
        long workload = 0, baseline = 0;
        boolean estimated = false;
        for (int a : sim.fleet.accountsOfTenant(t)) {
            for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
                for (Billing.Charge c : sim.billing.charges(a, d.toEpochDay(), asOf.getEpochSecond())) {
                    estimated |= c.estimated();
                    if (c.baseline()) {
                        baseline += c.micros()[b];
                    } else {
                        workload += c.micros()[b];
                    }
                }
            }
        }
        return new TenantCost(
                tenant,
                BigDecimal.valueOf(workload, 6),
                BigDecimal.valueOf(baseline, 6),
                BigDecimal.valueOf(workload + baseline, 6),
                estimated);
    }

    /**
     * The month's bill at {@code asOf}: per account (management first, then members), basis and record type;
     * {@link Invoice#organisationTotal} is what the organisation pays (unblended) or its amortized view.
     */
    public Invoice invoice(YearMonth month, Instant asOf) {
        List<Invoice.Line> lines = new ArrayList<>();
        for (int a = -1; a < sim.fleet.size(); a++) {
            Map<String, long[]> byType = new TreeMap<>();
            for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
                for (Billing.Charge c : sim.billing.charges(a, d.toEpochDay(), asOf.getEpochSecond())) {
                    long[] s = byType.computeIfAbsent(c.recordType(), k -> new long[Billing.BASES]);
                    for (int b = 0; b < Billing.BASES; b++) {
                        s[b] += c.micros()[b];
                    }
                }
            }
            AccountId id = a < 0 ? sim.fleet.management : sim.fleet.account(a).id();
            byType.forEach((type, s) -> {
                for (CostBasis basis : CostBasis.values()) {
                    lines.add(new Invoice.Line(id, basis, type, BigDecimal.valueOf(s[basis.ordinal()], 6)));
                }
            });
        }
        boolean closed = asOf.getEpochSecond()
                >= CostModel.monthClose(month.atEndOfMonth().toEpochDay());
        return new Invoice(month, asOf, lines, closed);
    }

    /** When the support fee of {@code month} (dated on its first day, management account) appears. */
    public Instant supportFeeAddedAt(YearMonth month) {
        return Instant.ofEpochSecond(sim.billing.supportVisibleAt(month));
    }

    /** Noisy episodes overlapping [from, to) of tenants with at least one active account at the episode start. */
    public List<NoisyEpisode> noisyEpisodes(Instant from, Instant to) {
        List<NoisyEpisode> out = new ArrayList<>();
        long f = from.getEpochSecond(), e = to.getEpochSecond();
        for (long slot = Math.floorDiv(f, Episodes.SLOT); slot * Episodes.SLOT < e; slot++) {
            for (int t = 0; t < sim.fleet.tenants().size(); t++) {
                Episodes.Episode ep = sim.episodes.inSlot(t, slot);
                if (ep == null || ep.end() <= f || ep.start() >= e) {
                    continue;
                }
                final long start = ep.start();
                if (sim.fleet.accountsOfTenant(t).stream().anyMatch(a -> sim.fleet.active(a, start))) {
                    out.add(new NoisyEpisode(
                            sim.fleet.tenants().get(t),
                            ep.signalName(),
                            Instant.ofEpochSecond(ep.start()),
                            Instant.ofEpochSecond(ep.end())));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(NoisyEpisode::start)
                .thenComparing(x -> x.tenant().value()));
        return out;
    }

    /**
     * Whether a detector could see {@code a}: its account has {@code historyDays} of history before the anomaly,
     * and the anomaly raises some day's final cost of its service by at least {@code minIncreaseUsd} (a credit can
     * cancel it, a tiny line cannot show it).
     */
    public boolean costAnomalyObservable(CostAnomaly a, int historyDays, double minIncreaseUsd) {
        SimAccount account = account(a.account()).orElseThrow();
        Instant historyFrom =
                a.firstDay().minusDays(historyDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (account.joinedAt().isAfter(historyFrom)) {
            return false;
        }
        for (LocalDate d = a.firstDay(); !d.isAfter(a.lastDay()); d = d.plusDays(1)) {
            double fin = finalCost(a.account(), d, a.service()).doubleValue();
            if (fin * (1 - 1 / a.factor()) >= minIncreaseUsd) {
                return true;
            }
        }
        return false;
    }

    /**
     * Injected cost anomalies whose first day is in [from, to) (epoch days of the dates), of accounts active on that
     * day, ordered by first day then account.
     */
    public List<CostAnomaly> costAnomalies(LocalDate from, LocalDate to) {
        List<CostAnomaly> out = new ArrayList<>();
        long f = from.toEpochDay(), e = to.toEpochDay();
        for (int a = 0; a < sim.fleet.size(); a++) {
            for (long week = Math.floorDiv(f, 7); week * 7 < e; week++) {
                CostAnomalies.Anomaly an = sim.costAnomalies.inWeek(a, week);
                if (an == null
                        || an.firstDay() < f
                        || an.firstDay() >= e
                        || !sim.fleet.active(a, an.firstDay() * 86_400)) {
                    continue;
                }
                out.add(new CostAnomaly(
                        sim.fleet.account(a).id(),
                        sim.fleet.tenants().get(sim.fleet.tenantOf(a)),
                        CostModel.SERVICES.get(an.service()),
                        LocalDate.ofEpochDay(an.firstDay()),
                        LocalDate.ofEpochDay(an.lastDay()),
                        an.factor()));
            }
        }
        out.sort(java.util.Comparator.comparing(CostAnomaly::firstDay)
                .thenComparing(x -> x.account().value()));
        return out;
    }

    /** Lambda concurrency quota crossings (80% and 95%) in [from, to) of accounts active at that minute. */
    public List<QuotaCrossing> quotaCrossings(Instant from, Instant to) {
        List<QuotaCrossing> out = new ArrayList<>();
        for (int a = 0; a < sim.fleet.size(); a++) {
            for (double threshold : new double[] {0.80, 0.95}) {
                long at = sim.metrics.crossing(a, threshold);
                if (at != Long.MIN_VALUE
                        && at >= from.getEpochSecond()
                        && at < to.getEpochSecond()
                        && sim.fleet.active(a, at)) {
                    out.add(new QuotaCrossing(
                            sim.fleet.account(a).id(),
                            "lambda",
                            SimCatalog.LAMBDA_CONCURRENCY_QUOTA,
                            MetricModel.LAMBDA_QUOTA,
                            threshold,
                            Instant.ofEpochSecond(at)));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(QuotaCrossing::at));
        return out;
    }

    /**
     * The account's log groups in its home region: the four common ones, plus hundreds of Lambda function groups in
     * some accounts.
     */
    public List<String> logGroups(AccountId account) {
        return logGroups(account, Fleet.HOME);
    }

    /** The account's log groups in {@code region}: none where it runs no workload. */
    public List<String> logGroups(AccountId account, String region) {
        int unit = sim.fleet.unit(requireAccount(account), region);
        return unit < 0 ? List.of() : sim.logs.groups(unit);
    }

    /** ERROR lines of a home-region log group in the minutes starting in [from, to) (from rounded down). */
    public long logErrorCount(AccountId account, String logGroup, Instant from, Instant to) {
        return logErrorCount(account, Fleet.HOME, logGroup, from, to);
    }

    /** ERROR lines of a log group of {@code region} in the minutes starting in [from, to). */
    public long logErrorCount(AccountId account, String region, String logGroup, Instant from, Instant to) {
        int a = sim.fleet.unit(requireAccount(account), region);
        int g = a < 0 ? -1 : sim.logs.groupIndex(a, logGroup);
        if (g < 0) {
            throw new IllegalArgumentException("logGroup: expected one of " + LogModel.GROUPS
                    + " or one of the account's /aws/lambda/fn-NNN groups, got " + logGroup);
        }
        long n = 0;
        for (long m = Math.floorDiv(from.getEpochSecond(), 60) * 60; m < to.getEpochSecond(); m += 60) {
            n += sim.logs.errors(a, g, m);
        }
        return n;
    }

    /** The quota value (Lambda concurrency is {@value SimCatalog#LAMBDA_CONCURRENCY_QUOTA_VALUE} everywhere). */
    public Map<String, Double> quotaValues() {
        return Map.of(SimCatalog.LAMBDA_CONCURRENCY_QUOTA, MetricModel.LAMBDA_QUOTA);
    }

    public Set<AccountId> deletedRoleAccounts() {
        return sim.faults.deletedRoleAccounts();
    }

    public Set<AccountId> externalIdMismatchAccounts() {
        return sim.faults.externalIdMismatchAccounts();
    }
}
