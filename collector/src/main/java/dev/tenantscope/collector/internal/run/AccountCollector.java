package dev.tenantscope.collector.internal.run;

import dev.tenantscope.collector.CollectorConfig;
import dev.tenantscope.collector.CollectorConfig.MetricSpec;
import dev.tenantscope.collector.internal.aws.ApiId;
import dev.tenantscope.collector.internal.aws.Apis;
import dev.tenantscope.collector.internal.aws.CredentialCache;
import dev.tenantscope.collector.internal.aws.Credentials;
import dev.tenantscope.collector.internal.aws.ErrorClass;
import dev.tenantscope.collector.internal.aws.Pricer;
import dev.tenantscope.collector.internal.aws.RunLedger;
import dev.tenantscope.collector.internal.aws.Target;
import dev.tenantscope.collector.internal.pull.LogsPuller;
import dev.tenantscope.collector.internal.pull.MetricsPuller;
import dev.tenantscope.collector.internal.pull.QuotasPuller;
import dev.tenantscope.collector.internal.pull.QuotasPuller.QuotaDef;
import dev.tenantscope.collector.internal.pull.SeriesLedger;
import dev.tenantscope.collector.internal.pull.Sink;
import dev.tenantscope.model.Money;
import dev.tenantscope.model.events.AccountRegistration;
import dev.tenantscope.model.events.ApiUsage;
import dev.tenantscope.model.events.CollectorRun;
import dev.tenantscope.model.events.QuotaSample;
import dev.tenantscope.model.events.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects one account: assume the role, then per region one batched GetMetricData for the due metric sets and
 * quota usage, quota values, and log error counts. Every failure becomes a {@link CollectionResult.Failed}; the
 * run record says what it cost.
 */
public final class AccountCollector {
    private static final double HOT_QUOTA = 0.8;
    private final CollectorConfig config;
    private final CredentialCache credentials;
    private final MetricsPuller metrics;
    private final QuotasPuller quotas;
    private final LogsPuller logs;
    private final SeriesLedger quotaLedger;
    private final Pricer pricer;
    private final Clock dataClock;
    private final Clock wallClock;

    public AccountCollector(
            CollectorConfig config,
            CredentialCache credentials,
            MetricsPuller metrics,
            QuotasPuller quotas,
            LogsPuller logs,
            Pricer pricer,
            Clock dataClock,
            Clock wallClock) {
        this.config = config;
        this.credentials = credentials;
        this.metrics = metrics;
        this.quotas = quotas;
        this.logs = logs;
        this.quotaLedger = new SeriesLedger(Duration.ofHours(2));
        this.pricer = pricer;
        this.dataClock = dataClock;
        this.wallClock = wallClock;
    }

    /**
     * @param due the signal classes to pull now
     * @param lookback how far back the window reaches (the longest due interval); the overlap is added
     * @param shared API spend of fleet-wide calls (payer cost pulls) attributed to this account
     */
    public AccountOutcome collect(
            AccountRegistration reg, Set<Signal> due, Duration lookback, List<ApiUsage> shared, Sink sink) {
        Instant started = wallClock.instant();
        Instant now = dataClock.instant();
        Instant deadline = started.plus(config.limits().accountTimeout());
        RunLedger ledger = new RunLedger();
        List<CollectionResult> results = new ArrayList<>();
        boolean[] activity = new boolean[2];
        int records = 0;
        String firstRegion = reg.regions().get(0);
        Credentials creds = credentials.forAccount(reg.account(), firstRegion, ledger, deadline);
        try {
            credentials.session(reg.account(), firstRegion, ledger, deadline);
        } catch (RuntimeException e) {
            results.add(failed(reg, firstRegion, Apis.ASSUME_ROLE, e));
            return finish(reg, started, ledger, results, shared, activity, 0);
        }
        Instant end = floor(now, 60);
        Instant start = floor(end.minus(lookback).minus(config.metrics().overlap()), 300);
        for (String region : reg.regions()) {
            Target t = new Target(reg.account(), region, creds, ledger, deadline);
            records += pullMetrics(t, due, start, end, now, results, activity, sink);
            if (due.contains(Signal.ALERT) && config.logs().mode() == CollectorConfig.LogsMode.INSIGHTS) {
                try {
                    Instant logEnd = floor(now, LogsPuller.BIN_SECONDS);
                    var o = logs.pull(t, floor(start, LogsPuller.BIN_SECONDS), logEnd, sink);
                    records += o.emitted();
                    results.add(
                            o.capped()
                                    ? new CollectionResult.Failed(
                                            reg.account(),
                                            region,
                                            Apis.START_QUERY,
                                            ErrorClass.CLIENT_ERROR,
                                            "ByteCapReached",
                                            "Logs Insights stopped at the per-account byte cap")
                                    : new CollectionResult.Collected(
                                            reg.account(), region, Apis.START_QUERY, o.emitted()));
                } catch (RuntimeException e) {
                    results.add(failed(reg, region, Apis.START_QUERY, e));
                }
            }
        }
        return finish(reg, started, ledger, results, shared, activity, records);
    }

    private int pullMetrics(
            Target t,
            Set<Signal> due,
            Instant start,
            Instant end,
            Instant now,
            List<CollectionResult> results,
            boolean[] activity,
            Sink sink) {
        List<MetricSpec> specs = new ArrayList<>();
        int alertCount = 0;
        if (due.contains(Signal.ALERT)) {
            specs.addAll(config.metrics().alert());
            alertCount = specs.size();
        }
        if (due.contains(Signal.STANDARD)) {
            specs.addAll(config.metrics().standard());
        }
        List<QuotaDef> quotaDefs = List.of();
        boolean listedNow = false;
        if (due.contains(Signal.ALERT) && config.quotas().enabled()) {
            try {
                var listing = quotas.quotas(t, now);
                quotaDefs = listing.quotas();
                listedNow = listing.fresh();
                results.add(new CollectionResult.Collected(
                        t.account(), t.region(), Apis.LIST_SERVICE_QUOTAS, quotaDefs.size()));
            } catch (RuntimeException e) {
                results.add(failed(t.account(), t.region(), Apis.LIST_SERVICE_QUOTAS, e));
            }
        }
        final int alerts = alertCount;
        int quotaFrom = specs.size();
        List<QuotaDef> withUsage =
                quotaDefs.stream().filter(q -> q.usage() != null).toList();
        withUsage.forEach(q -> specs.add(q.usage()));
        if (specs.isEmpty()) {
            return 0;
        }
        Map<Integer, TreeMap<Instant, Double>> points;
        try {
            points = metrics.pull(t, specs, start, end);
        } catch (RuntimeException e) {
            results.add(failed(t.account(), t.region(), Apis.GET_METRIC_DATA, e));
            return 0;
        }
        List<MetricSpec> metricSpecs = specs.subList(0, quotaFrom);
        Map<Integer, TreeMap<Instant, Double>> metricPoints = new TreeMap<>();
        points.forEach((i, p) -> {
            if (i < quotaFrom) {
                metricPoints.put(i, p);
            }
            boolean nonZero = p.values().stream().anyMatch(v -> v != 0);
            activity[0] |= nonZero;
            activity[1] |= nonZero && i < alerts;
        });
        int emitted = metrics.emitNew(t, metricSpecs, metricPoints, sink);
        emitted += emitQuotas(t, quotaDefs, withUsage, quotaFrom, points, listedNow, now, activity, sink);
        results.add(new CollectionResult.Collected(t.account(), t.region(), Apis.GET_METRIC_DATA, emitted));
        return emitted;
    }

    private int emitQuotas(
            Target t,
            List<QuotaDef> all,
            List<QuotaDef> withUsage,
            int from,
            Map<Integer, TreeMap<Instant, Double>> points,
            boolean listedNow,
            Instant now,
            boolean[] activity,
            Sink sink) {
        int emitted = 0;
        for (QuotaDef q : all) {
            int idx = withUsage.indexOf(q);
            TreeMap<Instant, Double> p = idx < 0 ? null : points.get(from + idx);
            Double usage = p == null || p.isEmpty() ? null : p.lastEntry().getValue();
            Instant ts = p == null || p.isEmpty() ? now : p.lastKey();
            String key = t.account().value() + '|' + t.region() + "|quota|" + q.serviceCode() + '|' + q.quotaCode();
            boolean changed = quotaLedger.firstTime(key, ts, usage == null ? q.value() : usage * 1e9 + q.value());
            if (usage != null && q.value() > 0 && usage / q.value() >= HOT_QUOTA) {
                activity[1] = true;
            }
            if (listedNow || changed) {
                sink.quota(new QuotaSample(
                        t.account(), t.region(), q.serviceCode(), q.quotaCode(), q.name(), q.value(), usage, ts));
                emitted++;
            }
        }
        return emitted;
    }

    private AccountOutcome finish(
            AccountRegistration reg,
            Instant started,
            RunLedger ledger,
            List<CollectionResult> results,
            List<ApiUsage> shared,
            boolean[] activity,
            int records) {
        List<ApiUsage> usage = new ArrayList<>(ledger.usage(pricer));
        usage.addAll(shared);
        Money spend = RunLedger.total(usage);
        List<CollectionResult.Failed> failures = results.stream()
                .filter(r -> r instanceof CollectionResult.Failed)
                .map(r -> (CollectionResult.Failed) r)
                .toList();
        RunStatus status;
        String reason = "";
        if (failures.isEmpty()) {
            status = RunStatus.OK;
        } else {
            CollectionResult.Failed first = failures.get(0);
            reason = first.reason();
            boolean assumeFailed = first.api().equals(Apis.ASSUME_ROLE);
            if (assumeFailed && first.error() == ErrorClass.ACCESS_DENIED) {
                status = RunStatus.UNOBSERVABLE;
            } else if (assumeFailed || failures.size() == results.size()) {
                status = RunStatus.FAILED;
            } else {
                status = RunStatus.PARTIAL;
            }
        }
        long durationMs = Math.max(0, wallClock.millis() - started.toEpochMilli());
        CollectorRun run = new CollectorRun(
                reg.account(),
                config.collectorId(),
                dataClock.instant(),
                durationMs,
                status,
                reason,
                ledger.calls(),
                ledger.throttles(),
                ledger.errorsByClass(),
                usage,
                spend);
        return new AccountOutcome(run, List.copyOf(results), activity[0], activity[1], records);
    }

    private static CollectionResult.Failed failed(
            AccountRegistration reg, String region, ApiId api, RuntimeException e) {
        return failed(reg.account(), region, api, e);
    }

    private static CollectionResult.Failed failed(
            dev.tenantscope.model.AccountId account, String region, ApiId api, RuntimeException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        if (msg.length() > 300) {
            msg = msg.substring(0, 300);
        }
        return new CollectionResult.Failed(account, region, api, ErrorClass.of(e), ErrorClass.code(e), msg);
    }

    static Instant floor(Instant t, long seconds) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), seconds) * seconds);
    }
}
