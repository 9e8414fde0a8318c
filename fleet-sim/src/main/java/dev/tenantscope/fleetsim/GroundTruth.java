package dev.tenantscope.fleetsim;

import dev.tenantscope.fleetsim.internal.CostModel;
import dev.tenantscope.fleetsim.internal.Episodes;
import dev.tenantscope.fleetsim.internal.LogModel;
import dev.tenantscope.fleetsim.internal.Metric;
import dev.tenantscope.fleetsim.internal.MetricModel;
import dev.tenantscope.fleetsim.internal.Sim;
import dev.tenantscope.model.AccountId;
import dev.tenantscope.model.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

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
     * What GetMetricData answers at {@code asOf} for that period: only minutes already visible (each arrives 1–2
     * minutes after it ends), so a recent period can be partial or missing. {@code asOf} null = complete value.
     */
    public OptionalDouble metric(
            AccountId account,
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
        double v = sim.metrics.aggregate(
                requireAccount(account),
                m,
                stat,
                timestamp.getEpochSecond(),
                periodSeconds,
                asOf == null ? Long.MAX_VALUE : asOf.getEpochSecond());
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** What Cost Explorer shows for (account, day, service) at {@code asOf}; empty when nothing is shown. */
    public Optional<CostLine> costLine(AccountId account, LocalDate day, String service, Instant asOf) {
        int a = requireAccount(account);
        int s = CostModel.serviceIndex(service);
        if (s < 0) {
            throw new IllegalArgumentException("service: expected one of " + CostModel.SERVICES + ", got " + service);
        }
        int v = CostModel.version(day.toEpochDay(), asOf.getEpochSecond());
        if (v < 0) {
            return Optional.empty();
        }
        long micros = sim.costs.micros(a, s, day.toEpochDay(), v);
        return micros == 0
                ? Optional.empty()
                : Optional.of(new CostLine(
                        account,
                        day,
                        service,
                        BigDecimal.valueOf(micros, 6),
                        CostModel.estimated(v),
                        CostModel.baseline(s)));
    }

    public List<CostLine> costLines(AccountId account, LocalDate day, Instant asOf) {
        List<CostLine> out = new ArrayList<>();
        for (String s : CostModel.SERVICES) {
            costLine(account, day, s, asOf).ifPresent(out::add);
        }
        return out;
    }

    /** The day's final amount (after month close), whatever the time. */
    public BigDecimal finalCost(AccountId account, LocalDate day, String service) {
        return BigDecimal.valueOf(
                sim.costs.finalMicros(requireAccount(account), CostModel.serviceIndex(service), day.toEpochDay()), 6);
    }

    public TenantCost tenantDailyCost(TenantId tenant, LocalDate day, Instant asOf) {
        return tenantCost(tenant, day, day.plusDays(1), asOf);
    }

    public TenantCost tenantMonthlyCost(TenantId tenant, YearMonth month, Instant asOf) {
        return tenantCost(tenant, month.atDay(1), month.plusMonths(1).atDay(1), asOf);
    }

    /** Baseline / total of a tenant's month, 6 decimals. */
    public BigDecimal baselineShare(TenantId tenant, YearMonth month, Instant asOf) {
        return tenantMonthlyCost(tenant, month, asOf).baselineShare();
    }

    private TenantCost tenantCost(TenantId tenant, LocalDate from, LocalDate to, Instant asOf) {
        int t = requireTenant(tenant);
        long workload = 0, baseline = 0;
        boolean estimated = false;
        for (int a : sim.fleet.accountsOfTenant(t)) {
            for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
                int v = CostModel.version(d.toEpochDay(), asOf.getEpochSecond());
                if (v < 0) {
                    continue;
                }
                for (int s = 0; s < CostModel.SERVICES.size(); s++) {
                    long m = sim.costs.micros(a, s, d.toEpochDay(), v);
                    if (m != 0) {
                        estimated |= CostModel.estimated(v);
                        if (CostModel.baseline(s)) {
                            baseline += m;
                        } else {
                            workload += m;
                        }
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

    /** The account's log groups: the four common ones, plus hundreds of Lambda function groups in some accounts. */
    public List<String> logGroups(AccountId account) {
        return sim.logs.groups(requireAccount(account));
    }

    /** ERROR lines of a log group in the minutes starting in [from, to) (from rounded down to the minute). */
    public long logErrorCount(AccountId account, String logGroup, Instant from, Instant to) {
        int a = requireAccount(account);
        int g = sim.logs.groupIndex(a, logGroup);
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
